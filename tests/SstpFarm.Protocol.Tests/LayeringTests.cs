using System.Reflection;
using SstpFarm.Protocol.Common;

namespace SstpFarm.Protocol.Tests;

/// <summary>Keeps the Protocol layer pure: no IO, no clock, no other project (design.md §3).</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Protocol = typeof(IRandomSource).Assembly;

    [Fact]
    public void ProtocolReferencesOnlyTheFramework()
    {
        foreach (AssemblyName reference in Protocol.GetReferencedAssemblies())
        {
            Assert.True(
                reference.Name!.StartsWith("System", StringComparison.Ordinal) || reference.Name == "netstandard",
                $"SstpFarm.Protocol must not depend on {reference.Name}");
        }
    }

    [Theory]
    [InlineData("System.Net.Sockets")]
    [InlineData("System.Net.Security")]
    [InlineData("System.Net.Http")]
    [InlineData("System.Threading.Channels")]
    public void ProtocolDoesNotReferenceIoAssemblies(string forbidden)
    {
        Assert.DoesNotContain(Protocol.GetReferencedAssemblies(), a => a.Name == forbidden);
    }

    [Fact]
    public void ProtocolNeverReadsTheClock()
    {
        // The clock is passed in. Scan IL for calls to DateTime.Now/UtcNow, Stopwatch, Environment.TickCount.
        var forbidden = new HashSet<MethodBase?>
        {
            typeof(DateTime).GetProperty(nameof(DateTime.Now))!.GetMethod,
            typeof(DateTime).GetProperty(nameof(DateTime.UtcNow))!.GetMethod,
            typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.Now))!.GetMethod,
            typeof(DateTimeOffset).GetProperty(nameof(DateTimeOffset.UtcNow))!.GetMethod,
            typeof(Environment).GetProperty(nameof(Environment.TickCount))!.GetMethod,
            typeof(Environment).GetProperty(nameof(Environment.TickCount64))!.GetMethod,
            typeof(System.Diagnostics.Stopwatch).GetMethod(nameof(System.Diagnostics.Stopwatch.GetTimestamp)),
        };

        foreach (Type type in Protocol.GetTypes())
        {
            foreach (MethodBase method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                         .Cast<MethodBase>()
                         .Concat(type.GetConstructors(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)))
            {
                byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null)
                {
                    continue;
                }

                for (int i = 0; i + 5 <= il.Length; i++)
                {
                    // call (0x28) / callvirt (0x6F) followed by a method token.
                    if (il[i] is not (0x28 or 0x6F))
                    {
                        continue;
                    }

                    int token = BitConverter.ToInt32(il, i + 1);
                    MethodBase? callee;
                    try
                    {
                        callee = method.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null, method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException)
                    {
                        continue; // not a method token: the opcode byte was operand data
                    }

                    Assert.False(forbidden.Contains(callee), $"{type.FullName}.{method.Name} reads the clock ({callee}); pass the time in instead");
                }
            }
        }
    }
}
