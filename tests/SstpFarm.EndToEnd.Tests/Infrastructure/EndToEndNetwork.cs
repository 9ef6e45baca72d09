using System.Net;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Client;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.DataPlane.Node;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Node.Tests.Infrastructure;

namespace SstpFarm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The <see cref="Topology"/> with an <see cref="SstpNode"/> in the node namespace (in-process: its counters
/// are the assertions), listening on 172.31.1.1 and a random port, its TUN carrying the pool, users
/// <see cref="User"/> and <see cref="OtherUser"/>. <see cref="RestartNodeAsync"/> stops it and starts a new one
/// on the same port.
/// </summary>
public sealed class EndToEndNetwork : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "Tunnel-Pa55";
    public const string OtherUser = "bob";
    public const string OtherPassword = "Other-Pa55";
    public const string ServerName = "sstp.test";
    public static readonly IPAddress ServerTunnelAddress = IPAddress.Parse("10.77.0.1");

    private readonly Action<SstpNodeOptions>? _configure;
    private readonly InMemoryControlPlane _controlPlane;

    private EndToEndNetwork(Topology topology, Action<SstpNodeOptions>? configure)
    {
        Topology = topology;
        _configure = configure;
        Certificates = TestCertificates.Create(ServerName);
        Users = new DictionaryUserStore().Add(User, Password).Add(OtherUser, OtherPassword);
        _controlPlane = new InMemoryControlPlane(
            new IpPoolDefinition { Networks = [new Ipv4Cidr(0x0A4D0000, 24)], Excluded = [ServerTunnelAddress], NodeId = "e2e" },
            TimeProvider.System);
    }

    public Topology Topology { get; }

    public TestCertificates Certificates { get; }

    public DictionaryUserStore Users { get; }

    public SstpNode Node { get; private set; } = null!;

    public CollectingLogger Log { get; private set; } = new();

    public int Port { get; private set; }

    public IPEndPoint NodeEndPoint => new(Topology.NodeAddress, Port);

    public static async Task<EndToEndNetwork> StartAsync(Action<SstpNodeOptions>? configure = null)
    {
        var network = new EndToEndNetwork(Topology.Create(), configure);
        try
        {
            await network.StartNodeAsync();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Graceful stop (Call Disconnect to every session), then a fresh node on the same port.</summary>
    public async Task RestartNodeAsync()
    {
        await Node.StopAsync();
        await Node.DisposeAsync();
        await StartNodeAsync();
    }

    /// <summary>Options for our client, dialling the node from the client namespace and trusting the test CA.</summary>
    public SstpConnectOptions ClientOptions(string user = User, string password = Password, IPEndPoint? server = null) => new()
    {
        Server = new Uri($"https://{(server ?? NodeEndPoint).Address}:{(server ?? NodeEndPoint).Port}"),
        TargetHost = ServerName,
        UserName = user,
        Password = password,
        TrustedRoots = [Certificates.Ca],
        ConnectTimeout = TimeSpan.FromSeconds(30),
        ConnectSocket = async (host, port, token) => await NamespaceSockets.ConnectAsync(Topology.Client.Path, new IPEndPoint(IPAddress.Parse(host), port), token),
    };

    public Task<SstpClientSession> ConnectAsync(string user = User, string password = Password, IPEndPoint? server = null) =>
        SstpClientSession.ConnectAsync(ClientOptions(user, password, server));

    /// <summary>The sessions' state, counters and log, for a failure message.</summary>
    public string Describe() =>
        $"sessions {Node.SessionCount}, started {Node.Counters.Started}, connected {Node.Counters.Connected}, closed {Node.Counters.Closed}\n"
        + string.Join('\n', Log.Lines.TakeLast(40));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Node is not null)
            {
                await Node.DisposeAsync();
            }
        }
        finally
        {
            Topology.Dispose();
            Certificates.Dispose();
        }
    }

    private async Task StartNodeAsync()
    {
        var options = new SstpNodeOptions
        {
            ListenEndPoint = new IPEndPoint(Topology.NodeAddress, Port),
            NetworkNamespacePath = Topology.Node.Path,
            Certificate = Certificates.Server,
            ServerTunnelAddress = ServerTunnelAddress,
            TunnelPrefixLength = 24,
            TunName = NetworkNamespace.UniqueInterfaceName("sstp"),
            TunQueueCount = 2,
            NodeId = "e2e",
        };
        _configure?.Invoke(options);
        Log = new CollectingLogger();
        var node = new SstpNode(options, _controlPlane, Users, Log);
        await node.StartAsync();
        Node = node;
        Port = node.LocalEndPoint!.Port;
    }

    internal X509Certificate2 ServerCertificate => Certificates.Server;
}
