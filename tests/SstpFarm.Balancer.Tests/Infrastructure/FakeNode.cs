using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>
/// A node as HAProxy sees it: a test backend for traffic, and the real agent (AgentCheckServer with
/// NodeAgentStateProvider over an in-memory node directory) on its own port.
/// </summary>
internal sealed class FakeNode : IAsyncDisposable
{
    private int _sessions;

    public FakeNode(string name, int maxSessions = 4, bool echo = true)
    {
        Name = name;
        MaxSessions = maxSessions;
        Backend = new TestBackend(name, echo);
        Directory = new InMemoryNodeDirectory(name, TimeProvider.System, TimeSpan.FromSeconds(15));
        Provider = new NodeAgentStateProvider(Directory, () => new NodeLoad(Volatile.Read(ref _sessions), MaxSessions), new NodeAgentStateOptions(), TimeProvider.System, NullLogger<NodeAgentStateProvider>.Instance);
        Agent = new AgentCheckServer(new AgentCheckServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, Provider, TimeProvider.System, NullLogger<AgentCheckServer>.Instance);
        Agent.Start();
    }

    public string Name { get; }

    public int MaxSessions { get; }

    public TestBackend Backend { get; }

    public InMemoryNodeDirectory Directory { get; }

    public NodeAgentStateProvider Provider { get; }

    public AgentCheckServer Agent { get; }

    /// <summary>The load the agent reports (sessions out of <see cref="MaxSessions"/>).</summary>
    public int Sessions
    {
        get => Volatile.Read(ref _sessions);
        set => Volatile.Write(ref _sessions, value);
    }

    public (IPEndPoint Node, int AgentPort) Address => (Backend.EndPoint, Agent.LocalEndPoint.Port);

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
