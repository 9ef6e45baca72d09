namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>The shipped haproxy-tcp.cfg on a random port in front of three <see cref="FakeNode"/>s named node1..node3.</summary>
internal sealed class TcpFarm : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private TcpFarm(TempDirectory dir, FakeNode[] nodes, HaproxyInstance lb, int port)
    {
        _dir = dir;
        Nodes = nodes;
        Lb = lb;
        Port = port;
    }

    public IReadOnlyList<FakeNode> Nodes { get; }

    public HaproxyInstance Lb { get; }

    /// <summary>Where clients connect.</summary>
    public int Port { get; }

    public FakeNode this[string name] => Nodes.Single(n => n.Name == name);

    public static async Task<TcpFarm> StartAsync()
    {
        var dir = new TempDirectory();
        FakeNode[] nodes = [new("node1"), new("node2"), new("node3")];
        int port = FreePort.Next();
        HaproxyInstance lb = await HaproxyInstance.StartAsync(RepoPaths.HaproxyTcpConfig, ShippedConfig.Tcp(dir, "lb", port, [.. nodes.Select(n => n.Address)]));
        return new TcpFarm(dir, nodes, lb, port);
    }

    /// <summary>Waits until HAProxy's `show servers state sstp_nodes` satisfies <paramref name="condition"/>.</summary>
    public Task WaitForAsync(Func<IReadOnlyDictionary<string, ServerState>, bool> condition, string what) =>
        Wait.UntilAsync(
            async () => condition(await Lb.ServersAsync("sstp_nodes")),
            async () => $"HAProxy never showed {what}: {string.Join("; ", (await Lb.ServersAsync("sstp_nodes")).Values)}\n{Lb.Output}");

    public async ValueTask DisposeAsync()
    {
        await Lb.DisposeAsync();
        foreach (FakeNode node in Nodes)
        {
            await node.DisposeAsync();
        }

        _dir.Dispose();
    }
}
