using System.Net;
using Microsoft.Extensions.Logging;
using SstpFarm.Client;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.DataPlane.Node;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using SstpFarm.Host.Options;
using SstpFarm.Host.Telemetry;
using SstpFarm.Node.Tests.Infrastructure;

namespace SstpFarm.Telemetry.Tests;

/// <summary>
/// A real node in a fresh network namespace (TUN, TLS, in-memory control plane), wired exactly as the host
/// wires it: <see cref="NodeTelemetry"/> gives the loggers and the instrumented control plane. Clients
/// connect from inside the namespace with our SSTP client library.
/// </summary>
public sealed class TelemetryNode : IAsyncDisposable
{
    public const string User = "alice";
    public const string Password = "Tunnel-Pa55";
    private static readonly IPAddress ServerAddress = IPAddress.Parse("10.78.0.1");

    private TelemetryNode(NetworkNamespace ns, TestCertificates certificates, NodeTelemetry telemetry, SstpNode node)
    {
        Namespace = ns;
        Certificates = certificates;
        Telemetry = telemetry;
        Node = node;
    }

    public NetworkNamespace Namespace { get; }

    public TestCertificates Certificates { get; }

    public NodeTelemetry Telemetry { get; }

    public SstpNode Node { get; }

    public static async Task<TelemetryNode> StartAsync(TelemetryOptions options, IReadOnlyDictionary<string, string?> environment)
    {
        Prerequisites.RequireRootAndTun();
        NetworkNamespace ns = NetworkNamespace.Create();
        var certificates = TestCertificates.Create();
        NodeTelemetry? telemetry = null;
        try
        {
            telemetry = NodeTelemetry.Start(TelemetrySettings.Resolve(options, "telemetry-test", environment), b => b.SetMinimumLevel(LogLevel.Debug));
            var controlPlane = new InMemoryControlPlane(
                new IpPoolDefinition { Networks = [new Ipv4Cidr(0x0A4E0000, 24)], Excluded = [ServerAddress], NodeId = "telemetry-test" },
                TimeProvider.System);
            var nodeOptions = new SstpNodeOptions
            {
                ListenEndPoint = new IPEndPoint(IPAddress.IPv6Any, 0),
                NetworkNamespacePath = ns.Path,
                Certificate = certificates.Server,
                ServerTunnelAddress = ServerAddress,
                TunnelPrefixLength = 24,
                TunName = NetworkNamespace.UniqueInterfaceName("sstp"),
                TunQueueCount = 1,
                NodeId = "telemetry-test",
            };
            var users = new DictionaryUserStore().Add(User, Password);
            var node = new SstpNode(nodeOptions, telemetry.Instrument(controlPlane), users, telemetry.Loggers);
            await node.StartAsync();
            return new TelemetryNode(ns, certificates, telemetry, node);
        }
        catch
        {
            if (telemetry is not null)
            {
                await telemetry.DisposeAsync();
            }

            certificates.Dispose();
            ns.Dispose();
            throw;
        }
    }

    public Task<SstpClientSession> ConnectAsync(string password = Password) => SstpClientSession.ConnectAsync(new SstpConnectOptions
    {
        Server = new Uri($"https://127.0.0.1:{Node.LocalEndPoint!.Port}"),
        TargetHost = "sstp.test",
        UserName = User,
        Password = password,
        TrustedRoots = [Certificates.Ca],
        ConnectTimeout = TimeSpan.FromSeconds(30),
        ConnectSocket = async (host, port, token) => await NamespaceSockets.ConnectAsync(Namespace.Path, new IPEndPoint(IPAddress.Parse(host), port), token),
    });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.DisposeAsync();
            await Telemetry.DisposeAsync();
        }
        finally
        {
            Namespace.Dispose();
            Certificates.Dispose();
        }
    }
}
