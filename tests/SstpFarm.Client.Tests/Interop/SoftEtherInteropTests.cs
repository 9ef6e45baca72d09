using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SstpFarm.Client.Diagnostics;
using SstpFarm.Client.Tls;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Ppp.Lcp;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using Xunit.Abstractions;

namespace SstpFarm.Client.Tests.Interop;

/// <summary>
/// Our client against an SSTP server nobody here wrote: SoftEther (Debian's vpnserver, patched copy),
/// in network namespace <see cref="SoftEtherServer.Namespace"/>. SoftEther does not verify crypto
/// binding, so Call Connected's bytes are proven by the vector tests instead.
/// </summary>
[Collection(SoftEtherCollection.Name)]
[Trait("Category", "Interop")]
public sealed class SoftEtherInteropTests
{
    private static readonly IPAddress SecureNatHost = IPAddress.Parse("192.168.30.1");
    private readonly ITestOutputHelper _output;

    public SoftEtherInteropTests(SoftEtherServer server, ITestOutputHelper output)
    {
        _ = server;
        _output = output;
    }

    [Theory]
    [InlineData(LcpAuthMethod.MsChapV2, AuthMethod.MsChapV2)]
    [InlineData(LcpAuthMethod.Pap, AuthMethod.Pap)]
    public async Task ConnectsVerifiesTheCertificatePingsAndDisconnectsCleanly(LcpAuthMethod allowed, AuthMethod expected)
    {
        await using SstpClientSession session = await SstpClientSession.ConnectAsync(Options(allowed));
        SstpSessionInfo info = session.Info;
        _output.WriteLine($"{info}");

        Assert.Equal(expected, info.AuthMethod);
        Assert.Equal(CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, info.HashProtocol);
        Assert.True(IPNetwork.Parse("192.168.30.0/24").Contains(info.LocalAddress), $"address {info.LocalAddress}");
        Assert.NotEqual(SecureNatHost, info.LocalAddress);

        // SecureNAT sometimes drops the very first echo while it learns the new address.
        PingResult ping = await SessionPinger.PingAsync(session, SecureNatHost, count: 4);
        _output.WriteLine($"ping: {ping.Received}/{ping.Sent}, {ping.AverageMs:0.00} ms");
        Assert.True(ping.Received >= 2, $"{ping.Received} of {ping.Sent} echoes answered");

        SstpDisconnectInfo end = await session.DisconnectAsync();
        Assert.Equal(SstpClientCloseReason.UserDisconnect, end.Reason);
        Assert.Equal(SstpClientState.Client_Call_Connected, end.FromState);
        Assert.Null(end.TransportError);
    }

    [Fact]
    public async Task APinnedCertificateIsAcceptedAndAnyOtherPinRejected()
    {
        byte[] pin = System.Security.Cryptography.SHA256.HashData(CertificateFiles.LoadTrustAnchors(SoftEtherServer.CertificatePath)[0].RawData);
        await using (SstpClientSession session = await SstpClientSession.ConnectAsync(Options(LcpAuthMethod.MsChapV2, pin: pin)))
        {
            Assert.Equal(pin, session.Info.CertificateSha256);
            await session.DisconnectAsync();
        }

        byte[] wrong = (byte[])pin.Clone();
        wrong[0] ^= 1;
        var e = await Assert.ThrowsAsync<SstpConnectException>(() => SstpClientSession.ConnectAsync(Options(LcpAuthMethod.MsChapV2, pin: wrong)));
        Assert.Equal(SstpConnectFailure.CertificateRejected, e.Failure);
    }

    [Fact]
    public async Task TheCertificateNameIsChecked()
    {
        var e = await Assert.ThrowsAsync<SstpConnectException>(() => SstpClientSession.ConnectAsync(Options(LcpAuthMethod.MsChapV2, host: "not-the-name")));
        Assert.Equal(SstpConnectFailure.CertificateRejected, e.Failure);
    }

    [Theory]
    [InlineData(LcpAuthMethod.MsChapV2)]
    [InlineData(LcpAuthMethod.Pap)]
    public async Task AWrongPasswordFailsAuthentication(LcpAuthMethod allowed)
    {
        var e = await Assert.ThrowsAsync<SstpConnectException>(() => SstpClientSession.ConnectAsync(Options(allowed, password: "wrong")));
        _output.WriteLine(e.Label);
        Assert.Equal(SstpConnectFailure.AuthenticationFailed, e.Failure);
    }

    [Fact]
    public async Task SingleSessionThroughputWithIcmpEchoes()
    {
        await using SstpClientSession session = await SstpClientSession.ConnectAsync(Options(LcpAuthMethod.MsChapV2));
        FloodResult flood = await SessionPinger.FloodAsync(session, SecureNatHost, TimeSpan.FromSeconds(5), payloadBytes: 1372);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SoftEther, one session, 1400-byte ICMP echoes: {flood.SentMbps:0.0} Mbit/s out, {flood.ReceivedMbps:0.0} Mbit/s echoed ({flood.PacketsReceived}/{flood.PacketsSent})"));
        Assert.True(flood.PacketsReceived > flood.PacketsSent / 2, $"{flood.PacketsReceived} of {flood.PacketsSent} echoed");
        await session.DisconnectAsync();
    }

    [Fact]
    public async Task ConnectCommandBringsUpATunDeviceThatPingsThroughTheTunnel()
    {
        string cli = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/SstpFarm.Client.Cli/bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0/sstpfarm-client.dll"));
        string work = Directory.CreateTempSubdirectory("sstpc-cli").FullName;
        string stdout = Path.Combine(work, "out");
        await File.WriteAllTextAsync(Path.Combine(work, "password"), SoftEtherServer.Password);

        // exec keeps one pid from sh to the CLI, so the signal below reaches the CLI itself.
        string command = $"exec ip netns exec {SoftEtherServer.Namespace} dotnet {cli} connect {SoftEtherServer.Url} --user {SoftEtherServer.User} --password-stdin "
            + $"--ca {SoftEtherServer.CertificatePath} --host {SoftEtherServer.CertificateName} --tun sstpc-test --prefix 24 --json < {work}/password > {stdout} 2> {work}/err";
        using Process client = Process.Start("/bin/sh", ["-c", command]);
        try
        {
            string[] lines = await WaitForLinesAsync(stdout, 1, TimeSpan.FromSeconds(60));
            Assert.True(lines.Length >= 1, await File.ReadAllTextAsync(Path.Combine(work, "err")));
            Assert.True(JsonNode.Parse(lines[0])!["connected"]!.GetValue<bool>());

            var ping = new ProcessStartInfo("ip") { RedirectStandardOutput = true };
            foreach (string arg in new[] { "netns", "exec", SoftEtherServer.Namespace, "ping", "-c", "3", "-W", "2", "-I", "sstpc-test", SecureNatHost.ToString() })
            {
                ping.ArgumentList.Add(arg);
            }

            using Process pinger = Process.Start(ping)!;
            string pingOutput = await pinger.StandardOutput.ReadToEndAsync();
            await pinger.WaitForExitAsync();
            _output.WriteLine(pingOutput);
            Assert.Equal(0, pinger.ExitCode);

            // SIGTERM is handled like Ctrl-C (SIGINT may arrive ignored when the tests run as a background job):
            // the CLI hangs up cleanly and reports how.
            await Process.Start("kill", ["-TERM", client.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExitAsync();
            await client.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            lines = await File.ReadAllLinesAsync(stdout);
            _output.WriteLine(lines[^1]);
            Assert.Equal("UserDisconnect", JsonNode.Parse(lines[^1])!["disconnected"]!["reason"]!.GetValue<string>());
            Assert.Equal(0, client.ExitCode);
        }
        finally
        {
            if (!client.HasExited)
            {
                client.Kill(entireProcessTree: true);
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string[]> WaitForLinesAsync(string path, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string[] lines = [];
        while (clock.Elapsed < timeout)
        {
            lines = File.Exists(path) ? await File.ReadAllLinesAsync(path) : [];
            if (lines.Length >= count)
            {
                break;
            }

            await Task.Delay(200);
        }

        return lines;
    }

    private static SstpConnectOptions Options(LcpAuthMethod allowed, string password = SoftEtherServer.Password, byte[]? pin = null, string host = SoftEtherServer.CertificateName) => new()
    {
        Server = SoftEtherServer.Url,
        UserName = SoftEtherServer.User,
        Password = password,
        TargetHost = host,
        TrustedRoots = pin is null ? CertificateFiles.LoadTrustAnchors(SoftEtherServer.CertificatePath) : null,
        PinnedCertificateSha256 = pin,
        AuthMethods = [allowed],
        ConnectTimeout = TimeSpan.FromSeconds(40),
        ConnectSocket = NetworkNamespace.Connector(SoftEtherServer.Namespace),
    };
}
