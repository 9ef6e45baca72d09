using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using SstpFarm.Client;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.EndToEnd.Tests;

/// <summary>Peers that stop talking, connections that never start SSTP, and a plain HTTPS probe.</summary>
[Trait("Category", "EndToEnd")]
public sealed class TimeoutAndProbeTests
{
    [Fact]
    public async Task APeerThatVanishesIsDroppedByDeadPeerDetection()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync(o => o.Sstp.HelloInterval = TimeSpan.FromSeconds(1));
        await using SstpClientSession bystander = await network.ConnectAsync(EndToEndNetwork.OtherUser, EndToEndNetwork.OtherPassword);
        await using var relay = new SstpRelay(network.Topology.Node.Path, Topology.NodeAddress, network.NodeEndPoint, network.Certificates.Server);
        await using SstpClientSession victim = await network.ConnectAsync(server: relay.EndPoint);

        relay.GoSilent();
        Eventually.True(() => network.Node.Counters.ClosedWith(ConnectionCloseReason.HelloTimeout) == 1, network.Describe, seconds: 30);
        Eventually.True(() => network.Node.SessionCount == 1, network.Describe);
        Assert.Contains(SstpMessageType.SSTP_MSG_ECHO_REQUEST, relay.FromNode);

        // The bystander answers the node's echoes and stays.
        Assert.Equal(2, (await Client.Diagnostics.SessionPinger.PingAsync(bystander, Topology.UpstreamAddress, count: 2)).Received);

        // The silent relay hides the node's close from the victim client: don't wait for an answer to our hang-up.
        await victim.DisconnectAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task ASilentTcpConnectionIsClosedAtTheHandshakeTimeout()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromSeconds(1));
        using Socket socket = await NamespaceSockets.ConnectAsync(network.Topology.Client.Path, network.NodeEndPoint);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int read = await ReadOrResetAsync(socket, limit.Token);
        Assert.Equal(0, read);
        Eventually.True(() => network.Node.Counters.ClosedWith(ConnectionCloseReason.HandshakeTimeout) == 1, network.Describe);
        Assert.Equal(0, network.Node.PendingHandshakeCount);
    }

    [Fact]
    public async Task ATlsConnectionThatSendsNoRequestIsClosedAtTheHandshakeTimeout()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromSeconds(2));
        await using SslStream tls = await OpenTlsAsync(network);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await tls.ReadAsync(new byte[64], limit.Token));
        Eventually.True(() => network.Node.Counters.ClosedWith(ConnectionCloseReason.HandshakeTimeout) == 1, network.Describe);
    }

    [Fact]
    public async Task AClientThatNeverSendsCallConnectRequestIsDroppedAtTheNegotiationTimeout()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync(o => o.Sstp.NegotiationTimeout = TimeSpan.FromSeconds(1));
        await using SslStream tls = await OpenTlsAsync(network);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(
            $"SSTP_DUPLEX_POST /sra_{{BA195980-CD49-458b-9E23-C84EE0ADCD75}}/ HTTP/1.1\r\nHost: {EndToEndNetwork.ServerName}\r\nContent-Length: 18446744073709551615\r\nSSTPCORRELATIONID: {{{Guid.NewGuid()}}}\r\n\r\n"));
        string answer = await ReadToEndAsync(tls);
        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Eventually.True(() => network.Node.Counters.ClosedWith(ConnectionCloseReason.NegotiationTimeoutAwaitingConnectRequest) == 1, network.Describe);
        Assert.Equal(0, network.Node.SessionCount);
    }

    [Fact]
    public async Task APlainHttpsRequestGetsA404AndACleanClose()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        await using SslStream tls = await OpenTlsAsync(network);
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {EndToEndNetwork.ServerName}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n"));
        string answer = await ReadToEndAsync(tls); // ends at a TLS close_notify / FIN; a reset would throw
        Assert.StartsWith("HTTP/1.1 404", answer, StringComparison.Ordinal);
        Eventually.True(() => network.Node.Counters.ClosedWith(ConnectionCloseReason.NotSstpRequest) == 1, network.Describe);
        Assert.Equal(0, network.Node.Counters.Started);
    }

    private static async Task<SslStream> OpenTlsAsync(EndToEndNetwork network)
    {
        Socket socket = await NamespaceSockets.ConnectAsync(network.Topology.Client.Path, network.NodeEndPoint);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        var trust = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(network.Certificates.Ca);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = EndToEndNetwork.ServerName,
            CertificateChainPolicy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
            {
                TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { network.Certificates.Ca },
                RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            },
        });
        return tls;
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, limit.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static async Task<int> ReadOrResetAsync(Socket socket, CancellationToken token)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[64], SocketFlags.None, token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return -1;
        }
    }
}
