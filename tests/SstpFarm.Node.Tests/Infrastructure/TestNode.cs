using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.DataPlane.Interop;
using SstpFarm.DataPlane.Node;
using SstpFarm.DataPlane.Tests.Infrastructure;

namespace SstpFarm.Node.Tests.Infrastructure;

/// <summary>
/// A whole node in a fresh network namespace: real TUN, real listening socket, in-memory control plane,
/// users in memory, a throwaway CA. Pool 10.77.0.0/24, the node is 10.77.0.1.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public static readonly IPAddress ServerAddress = IPAddress.Parse("10.77.0.1");

    private TestNode(NetworkNamespace ns, TestCertificates certificates, DictionaryUserStore users, SstpNodeOptions options, SstpNode node, InMemoryControlPlane controlPlane, CollectingLogger log)
    {
        Log = log;
        Namespace = ns;
        Certificates = certificates;
        Users = users;
        Options = options;
        Node = node;
        ControlPlane = controlPlane;
    }

    public NetworkNamespace Namespace { get; }

    public TestCertificates Certificates { get; }

    public DictionaryUserStore Users { get; }

    public SstpNodeOptions Options { get; }

    public SstpNode Node { get; }

    public InMemoryControlPlane ControlPlane { get; }

    public int Port => Node.LocalEndPoint!.Port;

    public CollectingLogger Log { get; }

    public static async Task<TestNode> StartAsync(Action<SstpNodeOptions>? configure = null, Action<DictionaryUserStore>? addUsers = null, CollectingLogger? log = null)
    {
        NetworkNamespace ns = NetworkNamespace.Create();
        var certificates = TestCertificates.Create();
        var users = new DictionaryUserStore();
        addUsers?.Invoke(users);
        var options = new SstpNodeOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.IPv6Any, 0),
            NetworkNamespacePath = ns.Path,
            Certificate = certificates.Server,
            ServerTunnelAddress = ServerAddress,
            TunnelPrefixLength = 24,
            TunName = NetworkNamespace.UniqueInterfaceName("sstp"),
            TunQueueCount = 2,
            NodeId = "test",
        };
        configure?.Invoke(options);
        var controlPlane = new InMemoryControlPlane(
            new IpPoolDefinition { Networks = [new Ipv4Cidr(0x0A4D0000, 24)], Excluded = [ServerAddress], NodeId = "test" },
            TimeProvider.System);
        log ??= new CollectingLogger();
        var node = new SstpNode(options, controlPlane, users, log);
        try
        {
            await node.StartAsync();
        }
        catch
        {
            ns.Dispose();
            throw;
        }

        return new TestNode(ns, certificates, users, options, node, controlPlane, log);
    }

    /// <summary>A TCP connection to the node from inside its namespace.</summary>
    public Socket ConnectTcp() => NetworkNamespaceRunner.Run(Namespace.Path, () =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, Port));
        return socket;
    });

    /// <summary>TLS to the node, trusting only the test CA.</summary>
    public async Task<SslStream> ConnectTlsAsync(SslProtocols protocols = SslProtocols.None)
    {
        Socket socket = ConnectTcp();
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "sstp.test",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = TrustOnly(Certificates.Ca),
        });
        return ssl;
    }

    /// <summary>Accepts exactly the certificates <paramref name="ca"/> issued.</summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 ca) =>
        (_, certificate, _, _) => certificate is not null && ChainsTo(certificate, ca);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.DisposeAsync();
        }
        finally
        {
            Namespace.Dispose();
            Certificates.Dispose();
            if (Directory.Exists($"/etc/netns/{Namespace.Name}"))
            {
                Directory.Delete($"/etc/netns/{Namespace.Name}", recursive: true);
            }
        }
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
