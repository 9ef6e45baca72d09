using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.TicketKeys;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

/// <summary>
/// Two HAProxy instances on the shipped haproxy-tls.cfg, each started with its own random key file, kept
/// on the ring's keys by TicketKeyPusher: a session ticket from one resumes on the other (TLS 1.2 and
/// 1.3), still after one rotation, no longer after two.
/// </summary>
public sealed class TicketKeysThroughHaproxyTests
{
    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task Tickets_resume_across_instances_for_one_rotation_not_two(string version)
    {
        await using Pair pair = await Pair.StartAsync();
        var ring = new InMemoryTicketKeyRing(TimeProvider.System, TimeSpan.FromHours(1));
        await using var pusher = new TicketKeyPusher(ring, pair.Targets, new TicketKeyPusherOptions(), TimeProvider.System, NullLogger<TicketKeyPusher>.Instance);

        // Before any push the instances hold different keys: no resumption across them.
        string s0 = pair.Dir.File("s0");
        Assert.True(OpenSslClient.Fresh(await OpenSslClient.HandshakeAsync(pair.PortA, version, sessionOut: s0)));
        Assert.True(OpenSslClient.Fresh(await OpenSslClient.HandshakeAsync(pair.PortB, version, sessionIn: s0)));

        IReadOnlyList<TicketKeyPushResult> results = await pusher.PushNowAsync();
        Assert.All(results, r => Assert.Equal((TicketKeyPushOutcome.Pushed, 3), (r.Outcome, r.KeysPushed)));
        await pair.AssertBothHoldAsync(await ring.GetKeysAsync());

        string s1 = pair.Dir.File("s1");
        Assert.True(OpenSslClient.Fresh(await OpenSslClient.HandshakeAsync(pair.PortA, version, sessionOut: s1)));
        AssertResumed(await OpenSslClient.HandshakeAsync(pair.PortB, version, sessionIn: s1));

        // One rotation: one new key per instance; s1's key is now the previous one and still decrypts.
        await ring.RotateAsync();
        results = await pusher.PushNowAsync();
        Assert.All(results, r => Assert.Equal((TicketKeyPushOutcome.Pushed, 1), (r.Outcome, r.KeysPushed)));
        await pair.AssertBothHoldAsync(await ring.GetKeysAsync());
        AssertResumed(await OpenSslClient.HandshakeAsync(pair.PortB, version, sessionIn: s1));
        string s2 = pair.Dir.File("s2");
        await OpenSslClient.HandshakeAsync(pair.PortA, version, sessionOut: s2);
        AssertResumed(await OpenSslClient.HandshakeAsync(pair.PortB, version, sessionIn: s2));

        // Two rotations after s1: its key is gone everywhere.
        await ring.RotateAsync();
        await pusher.PushNowAsync();
        Assert.True(OpenSslClient.Fresh(await OpenSslClient.HandshakeAsync(pair.PortB, version, sessionIn: s1)));
        AssertResumed(await OpenSslClient.HandshakeAsync(pair.PortA, version, sessionIn: s2));

        // Nothing changed: nothing to push.
        Assert.All(await pusher.PushNowAsync(), r => Assert.Equal(TicketKeyPushOutcome.UpToDate, r.Outcome));
    }

    [Fact]
    public async Task Pusher_loop_follows_rotations_retries_an_absent_haproxy_and_repairs_reverted_keys()
    {
        using var dir = new TempDirectory();
        await using var backend = new TestBackend("node", echo: false);
        string certificate = TlsFiles.WriteCertificate(dir.File("sstp.pem"));
        string keysA = TlsFiles.WriteRandomTicketKeys(dir.File("keys-a"));
        string keysB = TlsFiles.WriteRandomTicketKeys(dir.File("keys-b"));
        (IPEndPoint, int) node = (backend.EndPoint, FreePort.Next());
        int portB = FreePort.Next();
        Dictionary<string, string> envB = ShippedConfig.Tls(dir, "b", portB, [node, node, node], certificate, keysB);
        await using HaproxyInstance a = await HaproxyInstance.StartAsync(RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, "a", FreePort.Next(), [node, node, node], certificate, keysA));

        var ring = new InMemoryTicketKeyRing(TimeProvider.System, TimeSpan.FromHours(1));
        var logger = new ListLogger<TicketKeyPusher>();
        var options = new TicketKeyPusherOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(50),
            VerifyInterval = TimeSpan.FromMilliseconds(300),
            MinRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(400),
        };
        HaproxyTicketKeyTarget[] targets =
        [
            new(HaproxyRuntimeEndpoint.Unix(a.StatsSocket), keysA),
            new(HaproxyRuntimeEndpoint.Parse("unix:" + envB["HAPROXY_STATS_SOCKET"]), keysB),
        ];
        await using var pusher = new TicketKeyPusher(ring, targets, options, TimeProvider.System, logger);
        pusher.Start();

        // B is not running yet: A gets the keys, B's failure is logged and retried.
        await HoldsAsync(a, keysA, ring);
        await Wait.UntilAsync(() => Task.FromResult(logger.Has("TicketKeysPushFailed")), () => Task.FromResult("B's failure was not logged"));

        await using HaproxyInstance b = await HaproxyInstance.StartAsync(RepoPaths.HaproxyTlsConfig, envB);
        await HoldsAsync(b, keysB, ring);
        // The recovery is logged after the read-back that HoldsAsync may already have seen.
        await Wait.UntilAsync(() => Task.FromResult(logger.Has("TicketKeysTargetRecovered")), () => Task.FromResult("B's recovery was not logged"));

        // A rotation reaches both without being asked.
        await ring.RotateAsync();
        await HoldsAsync(a, keysA, ring);
        await HoldsAsync(b, keysB, ring);

        // Someone else changes B's keys (as a reload back to the key file would): the periodic read-back repairs it.
        await b.Runtime.SetTlsKeyAsync(keysB, Convert.ToBase64String(RandomNumberGenerator.GetBytes(80)));
        await HoldsAsync(b, keysB, ring);
        await Wait.UntilAsync(() => Task.FromResult(logger.Has("TicketKeysReverted")), () => Task.FromResult("the repair was not logged"));
        TicketKeySet current = await ring.GetKeysAsync();
        Assert.DoesNotContain(logger.Entries, e => current.InHaproxyOrder().Any(k => e.Message.Contains(k.ToBase64(), StringComparison.Ordinal)));

        await pusher.StopAsync();
    }

    private static void AssertResumed(string output) =>
        Assert.True(OpenSslClient.Resumed(output), "expected a resumed session:\n" + output);

    private static Task HoldsAsync(HaproxyInstance lb, string reference, ITicketKeyRing ring) =>
        Wait.UntilAsync(
            async () => (await lb.Runtime.GetTlsKeysAsync(reference)).SequenceEqual((await ring.GetKeysAsync()).InHaproxyOrder().Select(k => k.ToBase64())),
            () => Task.FromResult($"{lb.StatsSocket} never held the ring's keys\n{lb.Output}"));

    /// <summary>Two TLS-terminating HAProxies with different initial key files, in front of one closing backend.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        private Pair(TempDirectory dir, TestBackend backend, HaproxyInstance a, HaproxyInstance b, int portA, int portB, string keysA, string keysB)
        {
            Dir = dir;
            Backend = backend;
            A = a;
            B = b;
            PortA = portA;
            PortB = portB;
            Targets = [new(HaproxyRuntimeEndpoint.Unix(a.StatsSocket), keysA), new(HaproxyRuntimeEndpoint.Unix(b.StatsSocket), keysB)];
            KeysA = keysA;
            KeysB = keysB;
        }

        public TempDirectory Dir { get; }

        public TestBackend Backend { get; }

        public HaproxyInstance A { get; }

        public HaproxyInstance B { get; }

        public int PortA { get; }

        public int PortB { get; }

        public string KeysA { get; }

        public string KeysB { get; }

        public HaproxyTicketKeyTarget[] Targets { get; }

        public static async Task<Pair> StartAsync()
        {
            var dir = new TempDirectory();
            var backend = new TestBackend("node", echo: false);
            string certificate = TlsFiles.WriteCertificate(dir.File("sstp.pem"));
            string keysA = TlsFiles.WriteRandomTicketKeys(dir.File("keys-a"));
            string keysB = TlsFiles.WriteRandomTicketKeys(dir.File("keys-b"));
            (IPEndPoint, int) node = (backend.EndPoint, FreePort.Next());
            int portA = FreePort.Next();
            int portB = FreePort.Next();
            HaproxyInstance a = await HaproxyInstance.StartAsync(RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, "a", portA, [node, node, node], certificate, keysA));
            HaproxyInstance b = await HaproxyInstance.StartAsync(RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, "b", portB, [node, node, node], certificate, keysB));
            return new Pair(dir, backend, a, b, portA, portB, keysA, keysB);
        }

        public async Task AssertBothHoldAsync(TicketKeySet keys)
        {
            string[] wanted = [.. keys.InHaproxyOrder().Select(k => k.ToBase64())];
            Assert.Equal(wanted, await A.Runtime.GetTlsKeysAsync(KeysA));
            Assert.Equal(wanted, await B.Runtime.GetTlsKeysAsync(KeysB));
        }

        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Backend.DisposeAsync();
            Dir.Dispose();
        }
    }
}
