using System.Net;
using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Balancer.Tests;

/// <summary>What a node behind the shipped configs learns from HAProxy's PROXY v2 header, decoded by our parser.</summary>
public sealed class ProxyV2ThroughHaproxyTests
{
    [Fact]
    public async Task Tcp_config_tells_the_node_the_real_client_address()
    {
        await using TcpFarm farm = await TcpFarm.StartAsync();
        int port = farm.Port;

        using Client client = await Client.ConnectAsync(port);
        ProxyHeader header = farm[client.Node].Backend.ClientHeaders.Single();

        Assert.Equal(2, header.Version);
        Assert.Equal(ProxyCommand.PROXY, header.Command);
        Assert.Equal(ProxyAddressFamily.AF_INET, header.Family);
        Assert.Equal(client.LocalEndPoint, header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), header.Destination);
        // Health checks carry a LOCAL header, which the node must not count as a client.
        await Wait.UntilAsync(() => Task.FromResult(farm.Nodes.Sum(n => n.Backend.HealthChecks) > 0), () => Task.FromResult("no health check seen\n" + farm.Lb.Output));
    }

    [Fact]
    public async Task Tls_config_adds_tls_version_cipher_sni_and_a_checksum()
    {
        using var dir = new TempDirectory();
        await using var backend = new TestBackend("node", echo: false);
        string certificate = TlsFiles.WriteCertificate(dir.File("sstp.pem"));
        string keys = TlsFiles.WriteRandomTicketKeys(dir.File("keys"));
        int port = FreePort.Next();
        (IPEndPoint, int) node = (backend.EndPoint, FreePort.Next());
        await using HaproxyInstance lb = await HaproxyInstance.StartAsync(RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, "lb", port, [node, node, node], certificate, keys));

        string output = await OpenSslClient.HandshakeAsync(port, "-tls1_3", serverName: "vpn.test");
        await Wait.UntilAsync(() => Task.FromResult(backend.ClientConnections > 0), () => Task.FromResult($"no proxied connection\n{output}\n{lb.Output}"));
        ProxyHeader header = backend.ClientHeaders[0];

        Assert.Equal(ProxyCommand.PROXY, header.Command);
        Assert.Equal(IPAddress.Loopback, header.Source!.Address);
        Assert.Equal(port, header.Destination!.Port);
        Assert.Equal("vpn.test", header.Authority);
        Assert.Equal("TLSv1.3", header.Ssl!.Version);
        Assert.StartsWith("TLS_", header.Ssl.Cipher, StringComparison.Ordinal);
        Assert.True(header.ChecksumVerified);
    }
}
