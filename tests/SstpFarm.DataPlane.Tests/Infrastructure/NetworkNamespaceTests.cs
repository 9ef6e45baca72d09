using System.Globalization;

namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>The namespace helper cleans up after itself and after killed runs.</summary>
public sealed class NetworkNamespaceTests
{
    [Fact]
    public void NamespacesOfDeadProcessesAreSweptAndOursAreDeletedOnDispose()
    {
        Prerequisites.RequireRootAndTun();
        // A pid above pid_max cannot belong to a live process.
        int deadPid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1;
        string stale = string.Create(CultureInfo.InvariantCulture, $"{NetworkNamespace.Prefix}{deadPid}n1");
        Command.Check("ip", "netns", "add", stale);
        NetworkNamespace mine = NetworkNamespace.Create();

        NetworkNamespace.SweepStale();

        Assert.DoesNotContain(stale, Names());
        Assert.Contains(mine.Name, Names());
        mine.Dispose();
        Assert.DoesNotContain(mine.Name, Names());
    }

    // "ip netns list" prints "NAME" or "NAME (id: N)" per line.
    private static string[] Names() =>
        [.. Command.Check("ip", "netns", "list").StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0])];
}
