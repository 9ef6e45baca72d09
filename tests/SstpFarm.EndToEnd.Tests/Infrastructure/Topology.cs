using System.Net;
using SstpFarm.DataPlane.Tests.Infrastructure;

namespace SstpFarm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Three network namespaces joined by veth pairs: client (172.31.1.2) ↔ node (172.31.1.1 | 172.31.2.1) ↔
/// upstream (172.31.2.2). The node forwards between its TUN (the client pool 10.77.0.0/24) and the
/// upstream link; the upstream host routes the pool back through the node. Addresses may repeat across
/// concurrent runs: each namespace is private.
/// </summary>
public sealed class Topology : IDisposable
{
    public static readonly IPAddress NodeAddress = IPAddress.Parse("172.31.1.1");
    public static readonly IPAddress ClientAddress = IPAddress.Parse("172.31.1.2");
    public static readonly IPAddress NodeUpstreamAddress = IPAddress.Parse("172.31.2.1");
    public static readonly IPAddress UpstreamAddress = IPAddress.Parse("172.31.2.2");
    public const string Pool = "10.77.0.0/24";

    private Topology(NetworkNamespace client, NetworkNamespace node, NetworkNamespace upstream)
    {
        Client = client;
        Node = node;
        Upstream = upstream;
    }

    public NetworkNamespace Client { get; }

    public NetworkNamespace Node { get; }

    public NetworkNamespace Upstream { get; }

    public static Topology Create()
    {
        NetworkNamespace client = NetworkNamespace.Create();
        NetworkNamespace node = NetworkNamespace.Create();
        NetworkNamespace upstream = NetworkNamespace.Create();
        var topology = new Topology(client, node, upstream);
        try
        {
            string clientLink = NetworkNamespace.UniqueInterfaceName("e2ec");
            string nodeClientLink = NetworkNamespace.UniqueInterfaceName("e2en");
            string nodeUpstreamLink = NetworkNamespace.UniqueInterfaceName("e2eu");
            string upstreamLink = NetworkNamespace.UniqueInterfaceName("e2eh");
            NetworkNamespace.ConnectVeth(client, clientLink, node, nodeClientLink);
            NetworkNamespace.ConnectVeth(node, nodeUpstreamLink, upstream, upstreamLink);
            Up(client, clientLink, $"{ClientAddress}/24");
            Up(node, nodeClientLink, $"{NodeAddress}/24");
            Up(node, nodeUpstreamLink, $"{NodeUpstreamAddress}/24");
            Up(upstream, upstreamLink, $"{UpstreamAddress}/24");
            upstream.Ip("route", "add", Pool, "via", NodeUpstreamAddress.ToString());
            node.Exec("sysctl", "-qw", "net.ipv4.ip_forward=1").EnsureSuccess();
            return topology;
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Node.Dispose();
        Upstream.Dispose();
    }

    private static void Up(NetworkNamespace ns, string link, string cidr)
    {
        ns.Ip("address", "add", cidr, "dev", link);
        ns.Ip("link", "set", link, "up");
    }
}
