using System.Collections.Concurrent;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Tests.Common;
using SstpFarm.ControlPlane.Tests.Contracts;

namespace SstpFarm.ControlPlane.Tests.InMemory;

/// <summary>"Never the same address twice", the cooldown and stickiness, under random operation sequences and under threads.</summary>
public sealed class InMemoryIpPoolPropertyTests
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(10);

    // The in-memory pool completes synchronously; this keeps the model check free of await noise.
    private static T Now<T>(ValueTask<T> task)
    {
        Assert.True(task.IsCompletedSuccessfully);
#pragma warning disable VSTHRD002 // completed synchronously, checked above
        return task.Result;
#pragma warning restore VSTHRD002
    }

    [Fact]
    public void RandomOperationsKeepEveryGuarantee()
    {
        // Each int encodes one operation: kind (allocate / allocate static / release / advance clock), a user, a session.
        Prop.ForAll(Arb.From(Gen.Choose(0, 99_999).ArrayOf()), ops => RunModel(ops)).QuickCheckThrowOnFailure();
    }

    private static void RunModel(int[] ops)
    {
        var time = new ManualTimeProvider();
        string[] statics = ["10.0.0.13", "10.0.0.14"];
        var pool = new InMemoryIpPool(
            new IpPoolDefinition
            {
                Networks = [IpPoolContractTests.Cidr("10.0.0.0/28")], // .1 .. .14
                Excluded = [IPAddress.Parse("10.0.0.1")],
                StaticReservations = statics.Select(IPAddress.Parse).ToArray(),
                Cooldown = Cooldown,
            },
            time);

        var leased = new Dictionary<string, (string Address, string User)>(); // session → lease, the model's truth
        var lastRelease = new Dictionary<string, (string User, DateTimeOffset At)>();
        var lastAddressOfUser = new Dictionary<string, string>();
        int sessionCounter = 0;
        foreach (int op in ops)
        {
            string user = $"u{op / 10 % 6}";
            switch (op % 10)
            {
                case <= 4:
                {
                    string session = $"s{sessionCounter++}";
                    IpAllocationResult result = Now(pool.AllocateAsync(new IpAllocationRequest(session, user)));
                    var freeDynamic = Enumerable.Range(2, 11).Select(i => $"10.0.0.{i}").Except(leased.Values.Select(l => l.Address)).ToList();
                    if (result.Status == IpAllocationStatus.Exhausted)
                    {
                        Assert.Empty(freeDynamic);
                        break;
                    }

                    if (result.Status == IpAllocationStatus.CoolingDown)
                    {
                        Assert.NotEmpty(freeDynamic);
                        break;
                    }

                    Assert.Equal(IpAllocationStatus.Allocated, result.Status);
                    string address = result.Lease!.Address.ToString();
                    Assert.DoesNotContain(address, leased.Values.Select(l => l.Address)); // never twice
                    Assert.DoesNotContain(address, statics);
                    Assert.NotEqual("10.0.0.1", address);
                    if (lastRelease.TryGetValue(address, out var release) && release.User != user)
                    {
                        Assert.True(time.GetUtcNow() - release.At >= Cooldown, $"{address} reused by {user} inside the cooldown");
                    }

                    if (lastAddressOfUser.TryGetValue(user, out string? previous)
                        && freeDynamic.Contains(previous)
                        && lastRelease.TryGetValue(previous, out var previousRelease) && previousRelease.User == user)
                    {
                        Assert.Equal(previous, address); // sticky
                    }

                    leased[session] = (address, user);
                    lastAddressOfUser[user] = address;
                    break;
                }

                case 5:
                {
                    string address = statics[op / 10 % 2];
                    string session = $"s{sessionCounter++}";
                    IpAllocationResult result = Now(pool.AllocateAsync(new IpAllocationRequest(session, user, IPAddress.Parse(address))));
                    bool held = leased.Values.Any(l => l.Address == address);
                    Assert.Equal(held, result.Status == IpAllocationStatus.StaticAddressInUse);
                    if (result.Succeeded)
                    {
                        Assert.Equal(address, result.Lease!.Address.ToString());
                        leased[session] = (address, user);
                        lastAddressOfUser[user] = address;
                    }

                    break;
                }

                case <= 8:
                {
                    if (leased.Count == 0)
                    {
                        break;
                    }

                    string session = leased.Keys.ElementAt(op / 10 % leased.Count);
                    IpReleaseResult result = Now(pool.ReleaseAsync(session));
                    Assert.Equal(IpReleaseStatus.Released, result.Status);
                    Assert.Equal(leased[session].Address, result.Lease!.Address.ToString());
                    lastRelease[leased[session].Address] = (leased[session].User, time.GetUtcNow());
                    leased.Remove(session);
                    break;
                }

                default:
                    time.Advance(TimeSpan.FromSeconds(op / 10 % 8));
                    break;
            }

            Assert.Equal(leased.Count, Now(pool.GetUsageAsync()).Leased);
        }
    }

    [Fact]
    public async Task ManyThreadsNeverHoldTheSameAddress()
    {
        var pool = new InMemoryIpPool(
            new IpPoolDefinition { Networks = [IpPoolContractTests.Cidr("10.8.0.0/20")], Cooldown = TimeSpan.Zero },
            TimeProvider.System);
        var holders = new ConcurrentDictionary<IPAddress, string>();
        int allocations = 0;
        int duplicates = 0;

        Task[] workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new Queue<(string Session, IPAddress Address)>();
            for (int i = 0; i < 5000; i++)
            {
                if (mine.Count > 0 && (i % 3 == 0 || mine.Count > 200))
                {
                    (string session, IPAddress address) = mine.Dequeue();
                    Assert.True(holders.TryRemove(address, out _)); // forget before the pool may hand it out again
                    Assert.Equal(IpReleaseStatus.Released, (await pool.ReleaseAsync(session)).Status);
                    continue;
                }

                string id = $"w{w}-{i}";
                IpAllocationResult result = await pool.AllocateAsync(new IpAllocationRequest(id, $"user{i % 50}"));
                Assert.Equal(IpAllocationStatus.Allocated, result.Status);
                if (!holders.TryAdd(result.Lease!.Address, id))
                {
                    Interlocked.Increment(ref duplicates);
                }

                Interlocked.Increment(ref allocations);
                mine.Enqueue((id, result.Lease.Address));
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(0, duplicates);
        Assert.True(allocations > 20_000);
        Assert.Equal(holders.Count, (await pool.GetUsageAsync()).Leased);
    }
}
