using System.Diagnostics.CodeAnalysis;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.InMemory;

/// <summary>The single-node control plane: `sstpfarm` alone, without Redis.</summary>
public sealed class InMemoryControlPlane : IControlPlane
{
    /// <summary>Silence after which a node is dead: issue 4 requires detection within 15 s.</summary>
    public static readonly TimeSpan DefaultNodeTimeToLive = TimeSpan.FromSeconds(15);

    /// <summary>Tuning default: a ticket resumes for up to ~2 h (two intervals), far under RFC 8446's 7-day cap.</summary>
    public static readonly TimeSpan DefaultTicketKeyRotation = TimeSpan.FromHours(1);

    public InMemoryControlPlane(IpPoolDefinition pool, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(pool);
        DefaultPool = new InMemoryIpPool(pool, timeProvider);
        var sessions = new InMemorySessionRegistry(timeProvider);
        Sessions = sessions;
        SessionEvents = sessions.Events;
        Nodes = new InMemoryNodeDirectory(pool.NodeId, timeProvider, DefaultNodeTimeToLive);
        TicketKeys = new InMemoryTicketKeyRing(timeProvider, DefaultTicketKeyRotation);
        Commands = new InMemoryNodeCommands(pool.NodeId);
    }

    public IIpPool DefaultPool { get; }

    public ISessionRegistry Sessions { get; }

    public ISessionEventFeed SessionEvents { get; }

    public INodeDirectory Nodes { get; }

    public ITicketKeyRing TicketKeys { get; }

    public INodeCommands Commands { get; }

    public bool TryGetPool(string name, [NotNullWhen(true)] out IIpPool? pool)
    {
        pool = string.Equals(name, DefaultPool.Name, StringComparison.Ordinal) ? DefaultPool : null;
        return pool is not null;
    }
}
