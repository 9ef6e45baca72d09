using System.Net;
using SstpFarm.ControlPlane.Redis.Connection;

namespace SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

/// <summary>One redis-server per test class; each test isolates itself with its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisProcess.StartServerAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public RedisConnectionOptions Options(string? prefix = null) => new()
    {
        EndPoints = [new DnsEndPoint("127.0.0.1", Server.Port)],
        KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..10],
    };

    public Task<RedisConnection> ConnectAsync(string? prefix = null, TimeProvider? time = null) =>
        RedisConnection.ConnectAsync(Options(prefix), time);
}
