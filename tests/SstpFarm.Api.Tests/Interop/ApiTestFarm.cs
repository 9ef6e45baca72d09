using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.Api.Security;
using SstpFarm.Api.Services;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>
/// A real <see cref="ApiServer"/> on 127.0.0.1 (a free port) over the in-memory control plane of
/// node "node-a", with three live sessions: s-0001 and s-0002 (alice), s-0003 (bob).
/// </summary>
internal sealed class ApiTestFarm : IAsyncDisposable
{
    public const string NodeId = "node-a";

    private ApiTestFarm(ApiServer server, InMemoryControlPlane controlPlane, TestSessionFeed feed, TestUserAdministration users)
    {
        Server = server;
        ControlPlane = controlPlane;
        Feed = feed;
        Users = users;
    }

    public ApiServer Server { get; }

    public InMemoryControlPlane ControlPlane { get; }

    public TestSessionFeed Feed { get; }

    public TestUserAdministration Users { get; }

    public string Address => $"127.0.0.1:{Server.LocalEndPoint!.Port}";

    public static async Task<ApiTestFarm> StartAsync(IReadOnlyList<ApiToken>? tokens = null, bool controlPlaneEvents = false)
    {
        Ipv4Cidr network = TestNetworks.Cidr("10.0.0.0/24");
        var controlPlane = new InMemoryControlPlane(new IpPoolDefinition { Networks = [network], NodeId = NodeId }, TimeProvider.System);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        foreach ((string id, string user) in new[] { ("s-0001", "alice"), ("s-0002", "alice"), ("s-0003", "bob") })
        {
            IpAllocationResult lease = await controlPlane.DefaultPool.AllocateAsync(new IpAllocationRequest(id, user));
            await controlPlane.Sessions.RegisterAsync(new SessionRecord(id, user, NodeId, lease.Lease!.Address, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000), started));
        }

        var feed = new TestSessionFeed();
        var users = new TestUserAdministration();
        var options = new ApiServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Tokens = tokens ?? [] };
        var server = new ApiServer(options,
        [
            new NodeService(controlPlane, TimeProvider.System),
            new SessionService(controlPlane, controlPlaneEvents ? controlPlane.SessionEvents : feed, TimeProvider.System),
            new PoolService(controlPlane, new Dictionary<string, IReadOnlyList<Ipv4Cidr>> { [controlPlane.DefaultPool.Name] = [network] }),
            new TicketKeyService(controlPlane),
            new UserService(users),
        ], NullLoggerFactory.Instance);
        await server.StartAsync(CancellationToken.None);
        server.Health.Set(Health.ApiHealth.NodeServiceName, Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
        return new ApiTestFarm(server, controlPlane, feed, users);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
