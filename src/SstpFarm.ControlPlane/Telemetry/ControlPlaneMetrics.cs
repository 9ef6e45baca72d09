using System.Diagnostics;
using System.Diagnostics.Metrics;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>
/// The <c>SstpFarm.ControlPlane</c> meter (docs/telemetry.md): every call through an
/// <see cref="InstrumentedControlPlane"/> counts as one operation with its outcome and duration, whatever
/// the implementation (in memory or Redis). The pool and cluster gauges report the last usage and
/// directory snapshot read through it (<see cref="InstrumentedControlPlane.RefreshGaugesAsync"/>).
/// </summary>
public sealed class ControlPlaneMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string Name = "SstpFarm.ControlPlane";

    private readonly Meter _meter;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _duration;
    private readonly Dictionary<string, IpPoolUsage> _pools = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private NodeDirectorySnapshot? _nodes;

    public ControlPlaneMetrics()
    {
        _meter = new Meter(Name);
        _operations = _meter.CreateCounter<long>("sstpfarm.controlplane.operations", "{operation}", "Control-plane operations by outcome.");
        _duration = _meter.CreateHistogram<double>("sstpfarm.controlplane.operation.duration", "s", "Control-plane operation latency.");
        _meter.CreateObservableUpDownCounter("sstpfarm.pool.addresses", ObservePools, "{address}", "Pool addresses by state (last usage read).");
        _meter.CreateObservableGauge("sstpfarm.cluster.nodes", ObserveNodes, "{node}", "Nodes the directory knows, by health and admin state.");
    }

    /// <summary>Runs <paramref name="call"/> and records it: <c>unavailable</c> when <paramref name="isUnavailable"/> says so, <c>error</c> when it throws.</summary>
    public async ValueTask<T> MeasureAsync<T>(string operation, Func<ValueTask<T>> call, Func<T, bool> isUnavailable)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(isUnavailable);
        long start = Stopwatch.GetTimestamp();
        string outcome = "error";
        try
        {
            T result = await call().ConfigureAwait(false);
            outcome = isUnavailable(result) ? "unavailable" : "ok";
            return result;
        }
        finally
        {
            Record(operation, outcome, start);
        }
    }

    /// <summary>As <see cref="MeasureAsync{T}"/> for calls without a result.</summary>
    public async ValueTask MeasureAsync(string operation, Func<ValueTask> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        long start = Stopwatch.GetTimestamp();
        string outcome = "error";
        try
        {
            await call().ConfigureAwait(false);
            outcome = "ok";
        }
        finally
        {
            Record(operation, outcome, start);
        }
    }

    internal void SetPoolUsage(string pool, IpPoolUsage usage)
    {
        lock (_gate)
        {
            _pools[pool] = usage;
        }
    }

    internal void SetNodes(NodeDirectorySnapshot snapshot)
    {
        lock (_gate)
        {
            _nodes = snapshot;
        }
    }

    public void Dispose() => _meter.Dispose();

    private void Record(string operation, string outcome, long start)
    {
        var operationTag = new KeyValuePair<string, object?>("operation", operation);
        _operations.Add(1, operationTag, new KeyValuePair<string, object?>("outcome", outcome));
        _duration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, operationTag);
    }

    private List<Measurement<long>> ObservePools()
    {
        var measurements = new List<Measurement<long>>();
        lock (_gate)
        {
            foreach ((string pool, IpPoolUsage usage) in _pools)
            {
                measurements.Add(PoolState(pool, "usable", usage.Usable));
                measurements.Add(PoolState(pool, "leased", usage.Leased));
                measurements.Add(PoolState(pool, "cooling_down", usage.CoolingDown));
                measurements.Add(PoolState(pool, "static_reserved", usage.StaticReserved));
                measurements.Add(PoolState(pool, "available", usage.AvailableNow));
            }
        }

        return measurements;
    }

    private List<Measurement<int>> ObserveNodes()
    {
        NodeDirectorySnapshot? snapshot;
        lock (_gate)
        {
            snapshot = _nodes;
        }

        var measurements = new List<Measurement<int>>();
        if (snapshot is null)
        {
            return measurements;
        }

        foreach (NodeHealth health in Enum.GetValues<NodeHealth>())
        {
            foreach (NodeAdminState state in Enum.GetValues<NodeAdminState>())
            {
                int count = snapshot.Nodes.Count(n => n.Health == health && n.AdminState == state);
                measurements.Add(new Measurement<int>(
                    count,
                    new KeyValuePair<string, object?>("health", health == NodeHealth.Alive ? "alive" : "dead"),
                    new KeyValuePair<string, object?>("admin_state", state == NodeAdminState.Active ? "active" : "draining")));
            }
        }

        return measurements;
    }

    private static Measurement<long> PoolState(string pool, string state, long value) =>
        new(value, new KeyValuePair<string, object?>("pool", pool), new KeyValuePair<string, object?>("state", state));
}
