using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

public sealed class AgentCheckServerTests
{
    [Fact]
    public async Task Answers_the_directory_admin_state_and_load_then_closes()
    {
        var directory = new InMemoryNodeDirectory("n1", TimeProvider.System, TimeSpan.FromSeconds(15));
        int sessions = 0;
        var provider = new NodeAgentStateProvider(directory, () => new NodeLoad(sessions, 4), new NodeAgentStateOptions { AdminStateMaxAge = TimeSpan.Zero }, TimeProvider.System, NullLogger<NodeAgentStateProvider>.Instance);
        var logger = new ListLogger<AgentCheckServer>();
        await using AgentCheckServer agent = StartAgent(provider, logger);

        Assert.Equal("up ready 100%\n", await AskAsync(agent));
        sessions = 3;
        Assert.Equal("up ready 25%\n", await AskAsync(agent));
        await directory.SetAdminStateAsync("n1", NodeAdminState.Draining);
        Assert.Equal("drain\n", await AskAsync(agent));
        await directory.SetAdminStateAsync("n1", NodeAdminState.Active);
        Assert.Equal("up ready 25%\n", await AskAsync(agent));
        Assert.Equal(3, logger.Entries.Count(e => e.EventName == "AgentStateChanged"));
    }

    [Fact]
    public async Task Local_override_wins_over_the_directory()
    {
        var directory = new InMemoryNodeDirectory("n1", TimeProvider.System, TimeSpan.FromSeconds(15));
        var provider = new NodeAgentStateProvider(directory, () => new NodeLoad(0, 0), new NodeAgentStateOptions { AdminStateMaxAge = TimeSpan.Zero }, TimeProvider.System, NullLogger<NodeAgentStateProvider>.Instance);
        await using AgentCheckServer agent = StartAgent(provider);

        provider.LocalOverride = AgentCheckState.Drain;
        Assert.Equal("drain\n", await AskAsync(agent));
        provider.LocalOverride = AgentCheckState.Maint;
        Assert.Equal("maint\n", await AskAsync(agent));
        provider.LocalOverride = null;
        Assert.Equal("up ready 100%\n", await AskAsync(agent));
    }

    [Fact]
    public async Task A_failing_directory_leaves_the_last_known_state_and_is_logged_once()
    {
        var directory = new FaultyDirectory();
        var logger = new ListLogger<NodeAgentStateProvider>();
        var provider = new NodeAgentStateProvider(directory, () => new NodeLoad(1, 2), new NodeAgentStateOptions { AdminStateMaxAge = TimeSpan.Zero }, TimeProvider.System, logger);
        await using AgentCheckServer agent = StartAgent(provider);

        directory.State = NodeAdminState.Draining;
        Assert.Equal("drain\n", await AskAsync(agent));
        directory.Fail = true;
        Assert.Equal("drain\n", await AskAsync(agent));
        Assert.Equal("drain\n", await AskAsync(agent));
        directory.Fail = false;
        directory.State = NodeAdminState.Active;
        Assert.Equal("up ready 50%\n", await AskAsync(agent));
        Assert.Single(logger.Entries, e => e.EventName == "AgentDirectoryFailed");
        Assert.Single(logger.Entries, e => e.EventName == "AgentDirectoryRecovered");
    }

    [Fact]
    public async Task A_hanging_directory_does_not_hold_the_answer()
    {
        var directory = new FaultyDirectory { Hang = true };
        var options = new NodeAgentStateOptions { AdminStateMaxAge = TimeSpan.Zero, DirectoryTimeout = TimeSpan.FromMilliseconds(50) };
        var provider = new NodeAgentStateProvider(directory, () => new NodeLoad(0, 10), options, TimeProvider.System, NullLogger<NodeAgentStateProvider>.Instance);
        await using AgentCheckServer agent = StartAgent(provider, connectionTimeout: TimeSpan.FromSeconds(30));

        // Active until the directory has ever answered.
        Assert.Equal("up ready 100%\n", await AskAsync(agent));
        Assert.Equal("up ready 100%\n", await AskAsync(agent));
        Assert.Equal(1, directory.Calls); // one read in flight, shared
        directory.Release();
    }

    [Fact]
    public async Task A_provider_past_the_timeout_gets_the_connection_closed_and_the_agent_goes_on()
    {
        var provider = new GatedProvider();
        await using AgentCheckServer agent = StartAgent(provider, connectionTimeout: TimeSpan.FromMilliseconds(200));

        Assert.Equal(string.Empty, await AskAsync(agent));
        provider.Open = true;
        Assert.Equal("up ready 42%\n", await AskAsync(agent));
    }

    [Fact]
    public async Task Checks_over_the_limit_are_closed_at_once()
    {
        var provider = new GatedProvider();
        await using AgentCheckServer agent = StartAgent(provider, connectionTimeout: TimeSpan.FromSeconds(30), maxConcurrent: 1);
        using var first = new TcpClient();
        await first.ConnectAsync(agent.LocalEndPoint);
        await provider.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(string.Empty, await AskAsync(agent));

        provider.Open = true;
        provider.Gate.TrySetResult();
        Assert.Equal("up ready 42%\n", await ReadAllAsync(first.GetStream()));
        Assert.Equal("up ready 42%\n", await AskAsync(agent));
    }

    private static AgentCheckServer StartAgent(IAgentCheckStateProvider provider, ListLogger<AgentCheckServer>? logger = null, TimeSpan? connectionTimeout = null, int maxConcurrent = 16)
    {
        var options = new AgentCheckServerOptions
        {
            EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
            ConnectionTimeout = connectionTimeout ?? TimeSpan.FromSeconds(5),
            MaxConcurrentConnections = maxConcurrent,
        };
        var agent = new AgentCheckServer(options, provider, TimeProvider.System, logger ?? new ListLogger<AgentCheckServer>());
        agent.Start();
        return agent;
    }

    private static async Task<string> AskAsync(AgentCheckServer agent)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(agent.LocalEndPoint);
        return await ReadAllAsync(client.GetStream());
    }

    private static async Task<string> ReadAllAsync(NetworkStream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = new MemoryStream();
        try
        {
            await stream.CopyToAsync(text, cts.Token);
        }
        catch (IOException)
        {
            // A reset counts as "closed".
        }

        return Encoding.ASCII.GetString(text.ToArray());
    }

    private sealed class GatedProvider : IAgentCheckStateProvider
    {
        public volatile bool Open;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<AgentCheckReply> GetReplyAsync(CancellationToken cancellationToken)
        {
            if (!Open)
            {
                Entered.TrySetResult();
                await Gate.Task.WaitAsync(cancellationToken);
            }

            return new AgentCheckReply(AgentCheckState.Ready, 42);
        }
    }

    private sealed class FaultyDirectory : INodeDirectory
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public volatile bool Fail;
        public volatile bool Hang;

        public NodeAdminState State { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public string LocalNodeId => "n1";

        public void Release() => _release.TrySetResult();

        public async ValueTask<NodeInfo?> GetAsync(string nodeId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            if (Hang)
            {
                await _release.Task;
            }

            if (Fail)
            {
                throw new InvalidOperationException("redis is down");
            }

            DateTimeOffset now = DateTimeOffset.UtcNow;
            return new NodeInfo(nodeId, State, NodeHealth.Alive, now, now, 0, 0, "test");
        }

        public ValueTask<NodeDirectoryStatus> HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<NodeDirectoryStatus> SetAdminStateAsync(string nodeId, NodeAdminState state, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<NodeDirectorySnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
