using System.Net;
using System.Net.Sockets;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Interop;
using SstpFarm.DataPlane.Nat;
using SstpFarm.DataPlane.Tests.Forwarding;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.DataPlane.Tun;

namespace SstpFarm.DataPlane.Tests.Nat;

/// <summary>
/// The masquerade in a router namespace: pool 10.80.0.0/24 on a TUN, an upstream namespace behind
/// a veth (10.81.0.0/24). Nothing touches the host's own namespace.
/// </summary>
public sealed class NatMasqueradeTests
{
    private const string Pool = "10.80.0.0/24";

    [Fact]
    public void TheTableAppearsWithItsRuleAndDisappearsOnDispose()
    {
        Prerequisites.RequireCommand("nft", "nftables");
        using NetworkNamespace router = NetworkNamespace.Create();
        Assert.Equal("0", ReadIpForward(router));

        NatMasquerade nat = NatMasquerade.Enable(new NatOptions { PoolCidr = Pool, PoolInterface = "sstp0", NetworkNamespacePath = router.Path });
        string table = router.Exec("nft", "list", "table", "ip", "sstpfarm").EnsureSuccess().StandardOutput;
        Assert.Contains("ip saddr 10.80.0.0/24 oifname != \"sstp0\" masquerade", table, StringComparison.Ordinal);
        Assert.Contains("hook postrouting", table, StringComparison.Ordinal);
        Assert.Equal("1", ReadIpForward(router));

        // Enabling again (a restart after a crash) replaces the table instead of failing.
        NatMasquerade second = NatMasquerade.Enable(new NatOptions { PoolCidr = Pool, NetworkNamespacePath = router.Path });
        Assert.Contains("ip daddr != 10.80.0.0/24", router.Exec("nft", "list", "table", "ip", "sstpfarm").EnsureSuccess().StandardOutput, StringComparison.Ordinal);
        second.Dispose();

        Assert.NotEqual(0, router.Exec("nft", "list", "table", "ip", "sstpfarm").ExitCode);
        Assert.Throws<NftablesException>(nat.Dispose); // its table is already gone; nft says so
        Assert.Equal("0", ReadIpForward(router));
    }

    [Fact]
    public void APoolAddressIsMasqueradedToTheUpstream()
    {
        Prerequisites.RequireCommand("nft", "nftables");
        using NetworkNamespace router = NetworkNamespace.Create();
        using NetworkNamespace upstream = NetworkNamespace.Create();
        NetworkNamespace.ConnectVeth(router, "up0", upstream, "down0");
        router.Ip("addr", "add", "10.81.0.1/24", "dev", "up0");
        router.Ip("link", "set", "up0", "up");
        upstream.Ip("addr", "add", "10.81.0.2/24", "dev", "down0");
        upstream.Ip("link", "set", "down0", "up");

        using TunDevice tun = TunDevice.Create(new TunDeviceOptions { Name = NetworkNamespace.UniqueInterfaceName("sfn"), QueueCount = 1, NetworkNamespacePath = router.Path });
        tun.Configure(new TunInterfaceSettings { IPv4Address = IPAddress.Parse("10.80.0.1"), IPv4PrefixLength = 24 });
        var table = new ForwardingTable();
        using var forwarder = new TunForwarder(tun, table);
        var client = new RecordingEndpoint();
        IPAddress clientAddress = IPAddress.Parse("10.80.0.2");
        table.TryAdd(clientAddress, client);

        using Socket server = NetworkNamespaceRunner.Run(upstream.Path, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Parse("10.81.0.2"), 0));
            return s;
        });
        server.ReceiveTimeout = 20_000;
        ushort port = (ushort)((IPEndPoint)server.LocalEndPoint!).Port;

        using (NatMasquerade.Enable(new NatOptions { PoolCidr = Pool, PoolInterface = tun.Name, NetworkNamespacePath = router.Path }))
        {
            byte[] datagram = TestPackets.UdpV4(clientAddress, IPAddress.Parse("10.81.0.2"), 5000, port, 4);
            Assert.Equal(DropReason.None, forwarder.WriteToTun(client, datagram));

            byte[] received = new byte[64];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            Assert.Equal(4, server.ReceiveFrom(received, ref from));
            Assert.Equal(IPAddress.Parse("10.81.0.1"), ((IPEndPoint)from).Address);
        }

        Assert.NotEqual(0, router.Exec("nft", "list", "table", "ip", "sstpfarm").ExitCode);
    }

    [Fact]
    public void NftErrorsCarryTheCommandTheExitCodeAndStderr()
    {
        Prerequisites.RequireCommand("nft", "nftables");
        using NetworkNamespace ns = NetworkNamespace.Create();
        NftablesException error = Assert.Throws<NftablesException>(() =>
            NetworkNamespaceRunner.Run(ns.Path, () => NftCommand.Run("nft", "table ip t { chain c { bogus } }\n", "-f", "-")));
        Assert.Equal("nft -f -", error.Command);
        Assert.NotEqual(0, error.ExitCode);
        Assert.Contains("Error", error.StandardError, StringComparison.Ordinal);

        NftablesException missing = Assert.Throws<NftablesException>(() => NftCommand.Run("/nonexistent/nft", null, "list", "tables"));
        Assert.Equal(-1, missing.ExitCode);
        Assert.Contains("nftables", missing.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.80.0.0/33", null, "sstpfarm")]
    [InlineData("fd00::/64", null, "sstpfarm")]
    [InlineData("not a cidr", null, "sstpfarm")]
    [InlineData(Pool, "eth0\"; flush ruleset", "sstpfarm")]
    [InlineData(Pool, null, "x y")]
    public void InvalidOptionsAreRejectedBeforeAnythingChanges(string pool, string? poolInterface, string tableName)
    {
        Assert.Throws<ArgumentException>(() => NatMasquerade.Enable(new NatOptions { PoolCidr = pool, PoolInterface = poolInterface, TableName = tableName }));
    }

    private static string ReadIpForward(NetworkNamespace ns) =>
        ns.Exec("cat", "/proc/sys/net/ipv4/ip_forward").EnsureSuccess().StandardOutput.Trim();
}
