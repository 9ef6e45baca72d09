using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>
/// Any <see cref="IControlPlane"/> (in memory or Redis) with every operation counted and timed on the
/// <c>SstpFarm.ControlPlane</c> meter. Behaviour is the inner one's: results and exceptions pass through.
/// </summary>
public sealed class InstrumentedControlPlane : IControlPlane
{
    private readonly IControlPlane _inner;
    private readonly ControlPlaneMetrics _metrics;
    private readonly ConcurrentDictionary<string, IIpPool> _pools = new(StringComparer.Ordinal);

    public InstrumentedControlPlane(IControlPlane inner, ControlPlaneMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(metrics);
        _inner = inner;
        _metrics = metrics;
        DefaultPool = new InstrumentedIpPool(inner.DefaultPool, metrics);
        Sessions = new InstrumentedSessionRegistry(inner.Sessions, metrics);
        Nodes = new InstrumentedNodeDirectory(inner.Nodes, metrics);
        TicketKeys = new InstrumentedTicketKeyRing(inner.TicketKeys, metrics);
        Commands = new InstrumentedNodeCommands(inner.Commands, metrics);
    }

    public IIpPool DefaultPool { get; }

    public ISessionRegistry Sessions { get; }

    public INodeDirectory Nodes { get; }

    public ITicketKeyRing TicketKeys { get; }

    public INodeCommands Commands { get; }

    /// <summary>A live feed, not a request/response operation: passed through uncounted.</summary>
    public ISessionEventFeed SessionEvents => _inner.SessionEvents;

    public bool TryGetPool(string name, [NotNullWhen(true)] out IIpPool? pool)
    {
        if (!_inner.TryGetPool(name, out IIpPool? inner))
        {
            pool = null;
            return false;
        }

        pool = _pools.GetOrAdd(name, _ => new InstrumentedIpPool(inner, _metrics));
        return true;
    }

    /// <summary>
    /// Reads the default pool's usage and the directory snapshot, which the pool and cluster gauges then
    /// report (observable callbacks must not wait on a network store). Failures only leave the last values.
    /// </summary>
    public async Task RefreshGaugesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DefaultPool.GetUsageAsync(cancellationToken).ConfigureAwait(false);
            await Nodes.GetSnapshotAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // Counted as an error operation already; the gauges keep their last values.
        }
    }
}
