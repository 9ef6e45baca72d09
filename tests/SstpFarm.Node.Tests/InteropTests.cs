using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Node.Tests.Infrastructure;
using SstpFarm.Protocol.Auth;
using Xunit.Abstractions;

namespace SstpFarm.Node.Tests;

/// <summary>
/// The node against a client nobody here wrote: Debian's sstpc + pppd in the realclient VM. Slow (each
/// session 15-40 s under emulation), so few runs, in the Interop category.
/// </summary>
[Trait("Category", "Interop")]
[Collection("RealClientVm")]
public sealed class InteropTests(ITestOutputHelper output)
{
    private const string User = "alice";
    private const string Password = "Tunnel-Pa55";

    [Fact]
    public async Task MsChapV2WithCryptoBindingCertificateCheckedAndPing()
    {
        await using TestNode node = await StartAsync([AuthMethod.MsChapV2]);
        string ca = node.Certificates.WriteCaPem(WorkDirectory());
        RealClientResult result = RealClient.Run(node.Namespace.Name, node.Port, User, Password, "mschapv2", ca);
        Report(node, result);

        Assert.True(result.Connected, result.Summary);
        Assert.Equal("mschapv2", result.AuthUsed);
        Assert.True(result.CallConnectedSent, result.Summary);
        Assert.True(result.SessionAliveAfterBinding, result.Summary);
        Assert.True(result.PingOk, result.Summary);

        // The node verified the Compound MAC with the MS-CHAPv2 keys (data frames only pass after that), and
        // the session ended because the client went away: sstpc 1.0.18 on SIGTERM just closes TLS, without
        // Call Disconnect (seen in its level-7 log), which the node records as TransportClosed.
        Eventually.True(() => node.Node.SessionCount == 0, () => "session still open");
        Assert.Equal(1, node.Node.Counters.Connected);
        Assert.Equal(0, node.Node.Counters.ClosedWith(ConnectionCloseReason.CryptoBindingMacMismatch));
        long clientEnded = node.Node.Counters.ClosedWith(ConnectionCloseReason.TransportClosed)
            + node.Node.Counters.ClosedWith(ConnectionCloseReason.PeerDisconnect)
            + node.Node.Counters.ClosedWith(ConnectionCloseReason.PppPeerTerminated);
        Assert.Equal(1, clientEnded);
        Assert.True(node.Node.ForwardingCounters!.ForwardedToTun > 0);
        Assert.True(node.Node.ForwardingCounters.ForwardedFromTun > 0);
    }

    [Fact]
    public async Task PapConnectsAndPings()
    {
        await using TestNode node = await StartAsync([AuthMethod.Pap]);
        RealClientResult result = RealClient.Run(node.Namespace.Name, node.Port, User, Password, "pap", node.Certificates.WriteCaPem(WorkDirectory()));
        Report(node, result);

        Assert.True(result.Connected, result.Summary);
        Assert.Equal("pap", result.AuthUsed);
        Assert.True(result.PingOk, result.Summary);
    }

    [Fact]
    public async Task WrongPasswordIsRejected()
    {
        await using TestNode node = await StartAsync([AuthMethod.MsChapV2]);
        RealClientResult result = RealClient.Run(node.Namespace.Name, node.Port, User, "not-the-password", "mschapv2", node.Certificates.WriteCaPem(WorkDirectory()), "--no-ping", "--connect-timeout", "30");
        Report(node, result);

        Assert.False(result.Connected, result.Summary);
        Eventually.True(() => node.Node.SessionCount == 0, () => "session still open", seconds: 60);
        Assert.Equal(1, node.Node.Counters.ClosedWith(ConnectionCloseReason.AuthenticationFailed));
        Assert.Equal(0, node.Node.Counters.Connected);
        Assert.Equal(1, node.Node.AuthFailureLimiter!.Failures);
    }

    [Fact]
    public async Task BehindATlsTerminatingProxyTheConfiguredHashBindsAndAWrongOneAborts()
    {
        using TestCertificates balancer = TestCertificates.Create();
        byte[] balancerHash = System.Security.Cryptography.SHA256.HashData(balancer.Server.RawData);

        // Right hash: the client's Call Connected binds to the balancer's certificate, which the node was told.
        await using (TestNode node = await StartBehindProxyAsync(balancerHash))
        await using (var relay = new TlsTerminatingRelay(node.Namespace.Path, balancer.Server, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, node.Port)))
        {
            RealClientResult result = RealClient.Run(node.Namespace.Name, relay.Port, User, Password, "mschapv2", balancer.WriteCaPem(WorkDirectory()));
            Report(node, result);
            Assert.True(result.Connected, result.Summary);
            Assert.True(result.PingOk, result.Summary);
            // The session knows the client from the PROXY header (IPv4), not the relay's TCP connection to the dual-stack listener ([::ffff:…]).
            Assert.Contains(node.Log.Lines, l => l.Contains("[SessionAuthenticated]", StringComparison.Ordinal) && l.Contains("from 127.0.0.1:", StringComparison.Ordinal));
            Assert.DoesNotContain(node.Log.Lines, l => l.Contains("[::ffff:", StringComparison.Ordinal));
        }

        // Wrong hash (as if the balancer's certificate changed and nobody told the node): Call Abort.
        byte[] wrong = (byte[])balancerHash.Clone();
        wrong[0] ^= 0xFF;
        await using (TestNode node = await StartBehindProxyAsync(wrong))
        await using (var relay = new TlsTerminatingRelay(node.Namespace.Path, balancer.Server, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, node.Port)))
        {
            RealClientResult result = RealClient.Run(node.Namespace.Name, relay.Port, User, Password, "mschapv2", balancer.WriteCaPem(WorkDirectory()), "--no-ping", "--connect-timeout", "30");
            Report(node, result);
            Eventually.True(() => node.Node.SessionCount == 0, () => "session still open", seconds: 60);
            Assert.Equal(1, node.Node.Counters.ClosedWith(ConnectionCloseReason.CryptoBindingCertificateHashMismatch));
            Assert.Equal(0, node.Node.ForwardingCounters!.ForwardedToTun);
        }
    }

    private static Task<TestNode> StartBehindProxyAsync(byte[] certificateHash) =>
        TestNode.StartAsync(
            o =>
            {
                o.UseTls = false;
                o.CertificateHashSha256 = certificateHash;
                o.ProxyProtocol = DataPlane.Node.ProxyProtocolMode.Required;
            },
            users => users.Add(User, Password));

    private static Task<TestNode> StartAsync(AuthMethod[] methods) =>
        TestNode.StartAsync(o => o.AuthMethods = methods, users => users.Add(User, Password));

    private static string WorkDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "sstpfarm-interop-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private void Report(TestNode node, RealClientResult result)
    {
        output.WriteLine(result.Summary);
        foreach (string line in node.Log.Lines)
        {
            output.WriteLine(line);
        }

        output.WriteLine(result.LogTail);
    }
}
