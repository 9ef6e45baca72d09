using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using SstpFarm.DataPlane.Node;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Node.Tests.Infrastructure;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Node.Tests;

/// <summary>Everything before SSTP, against a real node with real sockets and TLS.</summary>
public sealed class HandshakeTests
{
    internal const string SstpRequest =
        "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\nHost: sstp.test\r\nContent-Length: 18446744073709551615\r\nSSTPCORRELATIONID: {1}\r\n\r\n";

    [Fact]
    public async Task NonSstpHttpsRequestGets404AndACleanClose()
    {
        await using TestNode node = await TestNode.StartAsync();
        using SslStream ssl = await node.ConnectTlsAsync();
        await ssl.WriteAsync("GET / HTTP/1.1\r\nHost: sstp.test\r\n\r\n"u8.ToArray());

        // A clean close is close_notify + FIN: reading to the end returns 0 instead of throwing (a RST would throw).
        string answer = await ReadToEndAsync(ssl);
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", answer, StringComparison.Ordinal);
        Eventually.True(() => node.Node.Counters.ClosedWith(ConnectionCloseReason.NotSstpRequest) == 1, () => "not counted");
        Assert.Equal(0, node.Node.SessionCount);
    }

    [Fact]
    public async Task SstpRequestGets200()
    {
        await using TestNode node = await TestNode.StartAsync();
        using SslStream ssl = await node.ConnectTlsAsync();
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(SstpRequest));
        string head = await ReadHeadAsync(ssl);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 18446744073709551615\r\n", head, StringComparison.Ordinal);
        Eventually.True(() => node.Node.SessionCount == 1, () => "no session");
    }

    [Fact]
    public async Task SilentConnectionIsClosedAfterTheHandshakeTimeout()
    {
        await using TestNode node = await TestNode.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromSeconds(1));
        using Socket socket = node.ConnectTcp();
        byte[] buffer = new byte[16];
        int n = await ReceiveOrResetAsync(socket, buffer);
        Assert.Equal(0, n);
        Eventually.True(() => node.Node.Counters.ClosedWith(ConnectionCloseReason.HandshakeTimeout) == 1, () => "not counted as a handshake timeout");
        Assert.Equal(0, node.Node.PendingHandshakeCount);
    }

    [Fact]
    public async Task Tls11ClientHelloIsRefused()
    {
        await using TestNode node = await TestNode.StartAsync();

        // Control: TLS 1.2 and 1.3 work.
        using (SslStream tls12 = await node.ConnectTlsAsync(SslProtocols.Tls12))
        {
            Assert.Equal(SslProtocols.Tls12, tls12.SslProtocol);
        }

        using (SslStream tls13 = await node.ConnectTlsAsync(SslProtocols.Tls13))
        {
            Assert.Equal(SslProtocols.Tls13, tls13.SslProtocol);
        }

        // A hand-made ClientHello offering at most TLS 1.1 (the local client library may refuse to send one).
        using Socket socket = node.ConnectTcp();
        await socket.SendAsync(Tls11ClientHello());
        byte[] buffer = new byte[5];
        int n = await ReceiveOrResetAsync(socket, buffer);
        bool alertOrClose = n == 0 || buffer[0] == 0x15;
        Assert.True(alertOrClose, $"expected an alert or a close, got record type 0x{buffer[0]:X2}");
        Eventually.True(() => node.Node.Counters.ClosedWith(ConnectionCloseReason.TlsHandshakeFailed) == 1, () => "not counted as a TLS failure");
    }

    [Fact]
    public async Task ProxyRequiredRefusesConnectionsWithoutAHeaderAndUsesOneThatIsThere()
    {
        await using TestNode node = await TestNode.StartAsync(o => o.ProxyProtocol = ProxyProtocolMode.Required);

        using (SslStream direct = new(new NetworkStream(node.ConnectTcp(), ownsSocket: true)))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => direct.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "sstp.test",
                RemoteCertificateValidationCallback = TestNode.TrustOnly(node.Certificates.Ca),
            }));
        }

        Eventually.True(() => node.Node.Counters.ClosedWith(ConnectionCloseReason.ProxyHeaderMissing) == 1, () => "not counted as a missing header");

        string head = await SstpHandshakeBehindProxyAsync(node);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyOptionalAcceptsConnectionsWithAndWithoutAHeader()
    {
        await using TestNode node = await TestNode.StartAsync(o => o.ProxyProtocol = ProxyProtocolMode.Optional);

        using SslStream direct = await node.ConnectTlsAsync();
        await direct.WriteAsync(Encoding.ASCII.GetBytes(SstpRequest));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await ReadHeadAsync(direct), StringComparison.Ordinal);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await SstpHandshakeBehindProxyAsync(node), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedProxyHeaderIsRefused()
    {
        await using TestNode node = await TestNode.StartAsync(o => o.ProxyProtocol = ProxyProtocolMode.Required);
        using Socket socket = node.ConnectTcp();
        byte[] header = new byte[64];
        int length = ProxyV2Writer.WriteProxy(header, new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50000), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443));
        header[12] = 0x31; // version 3: not a version this protocol has
        await socket.SendAsync(header.AsMemory(0, length));
        Assert.Equal(0, await ReceiveOrResetAsync(socket, new byte[16]));
        Eventually.True(() => node.Node.Counters.ClosedWith(ConnectionCloseReason.ProxyHeaderInvalid) == 1, () => "not counted as an invalid header");
    }

    [Fact]
    public async Task PlainTcpModeServesSstpWithoutTls()
    {
        await using TestNode node = await TestNode.StartAsync(o =>
        {
            o.UseTls = false;
            o.CertificateHashSha256 = new byte[32];
        });
        using Socket socket = node.ConnectTcp();
        using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(SstpRequest));
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await ReadHeadAsync(stream), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdatedCertificateIsPresentedToNewHandshakes()
    {
        await using TestNode node = await TestNode.StartAsync();
        using TestCertificates next = TestCertificates.Create();
        byte[] before = node.Node.Credentials.Hashes.Get(Protocol.Sstp.CryptoBinding.CertHashProtocols.CERT_HASH_PROTOCOL_SHA256).ToArray();

        node.Node.UpdateCertificate(next.Server);

        Socket socket = node.ConnectTcp();
        using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "sstp.test", RemoteCertificateValidationCallback = TestNode.TrustOnly(next.Ca) });
        Assert.Equal(next.Server.Thumbprint, ssl.RemoteCertificate!.GetCertHashString());
        byte[] after = node.Node.Credentials.Hashes.Get(Protocol.Sstp.CryptoBinding.CertHashProtocols.CERT_HASH_PROTOCOL_SHA256).ToArray();
        Assert.NotEqual(before, after);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(next.Server.RawData), after);
    }

    [Fact]
    public async Task SslStreamZeroByteReadWaitsForDataWithoutConsumingIt()
    {
        // The session's idle read relies on this (style.md item 5): verify it on this runtime.
        await using TestNode node = await TestNode.StartAsync();
        using SslStream ssl = await node.ConnectTlsAsync();
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(SstpRequest));
        await ReadHeadAsync(ssl);

        // Server side now waits in a zero-byte read; the client side does the same against the server's next bytes.
        ValueTask<int> zero = ssl.ReadAsync(Memory<byte>.Empty);
        await Task.Delay(200);
        Assert.False(zero.IsCompleted);

        // A Call Connect Request makes the server answer (Call Connect Ack), which completes the zero-byte read.
        await ssl.WriteAsync(CallConnectRequest());
        Assert.Equal(0, await zero);
        byte[] buffer = new byte[64];
        int n = await ssl.ReadAsync(buffer);
        Assert.True(n >= 4);
        Assert.Equal(0x10, buffer[0]);
        Assert.Equal(0x01, buffer[1]); // control packet: Call Connect Ack
    }

    private static async Task<string> SstpHandshakeBehindProxyAsync(TestNode node)
    {
        Socket socket = node.ConnectTcp();
        byte[] header = new byte[64];
        int length = ProxyV2Writer.WriteProxy(header, new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50000), new IPEndPoint(IPAddress.Parse("192.0.2.1"), 443));
        await socket.SendAsync(header.AsMemory(0, length));
        using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "sstp.test", RemoteCertificateValidationCallback = TestNode.TrustOnly(node.Certificates.Ca) });
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(SstpRequest));
        return await ReadHeadAsync(ssl);
    }

    internal static byte[] CallConnectRequest() =>
    [
        0x10, 0x01, 0x00, 0x0E, // control packet, 14 bytes
        0x00, 0x01, 0x00, 0x01, // SSTP_MSG_CALL_CONNECT_REQUEST, 1 attribute
        0x00, 0x01, 0x00, 0x06, // SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, 6 bytes
        0x00, 0x01,             // PPP
    ];

    internal static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var all = new MemoryStream();
        byte[] buffer = new byte[1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            await all.WriteAsync(buffer.AsMemory(0, n));
        }

        return Encoding.ASCII.GetString(all.ToArray());
    }

    internal static async Task<int> ReceiveOrResetAsync(Socket socket, byte[] buffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }

    /// <summary>TLS record (version 1.0) with a ClientHello whose highest version is TLS 1.1 (0x0302), CBC suites, no extensions.</summary>
    private static byte[] Tls11ClientHello()
    {
        var body = new List<byte> { 0x03, 0x02 };                 // client_version TLS 1.1
        body.AddRange(new byte[32]);                              // random
        body.Add(0);                                              // session id
        body.AddRange(new byte[] { 0x00, 0x04, 0xC0, 0x13, 0x00, 0x2F }); // ECDHE_RSA_AES128_CBC_SHA, RSA_AES128_CBC_SHA
        body.AddRange(new byte[] { 0x01, 0x00 });                // null compression
        var handshake = new List<byte> { 0x01, 0x00, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 0x16, 0x03, 0x01, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }
}
