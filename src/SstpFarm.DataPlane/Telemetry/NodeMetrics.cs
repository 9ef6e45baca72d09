using System.Diagnostics;
using System.Diagnostics.Metrics;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Sessions;

namespace SstpFarm.DataPlane.Telemetry;

/// <summary>
/// One node's instruments on the <c>SstpFarm.DataPlane</c> meter (docs/telemetry.md). Per-setup events
/// (rare) are recorded here directly; per-packet counts stay in <see cref="SessionCounters"/> and
/// <see cref="ForwardingCounters"/> (the single source of truth) and are read by observable instruments
/// only when an exporter collects, so the data path never touches a meter.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    private static readonly DropReason[] ForwardingDrops = [.. Enum.GetValues<DropReason>().Where(r => r != DropReason.None)];

    private readonly Meter _meter;
    private readonly Counter<long> _setups;
    private readonly Histogram<double> _setupDuration;
    private readonly Counter<long> _ends;
    private readonly Counter<long> _keepaliveTimeouts;
    private readonly Counter<long> _tlsFailures;

    /// <param name="sessions">Node-wide session counters (drops in sessions, bytes of closed sessions).</param>
    /// <param name="activeSessions">Sessions on the node now.</param>
    /// <param name="liveBytes">Bytes (received, transmitted) of the sessions still running.</param>
    /// <param name="forwarding">The forwarder's counters; null before the node started.</param>
    /// <param name="draining">The node's admin state.</param>
    public NodeMetrics(SessionCounters sessions, Func<int> activeSessions, Func<(long Received, long Transmitted)> liveBytes, Func<ForwardingCounters?> forwarding, Func<bool> draining)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(liveBytes);
        ArgumentNullException.ThrowIfNull(forwarding);
        Counters = sessions;
        _meter = new Meter(DataPlaneTelemetry.Name);
        _setups = _meter.CreateCounter<long>("sstpfarm.session.setups", "{setup}", "Session setups by result.");
        _setupDuration = _meter.CreateHistogram<double>("sstpfarm.session.setup.duration", "s", "Time spent in each setup stage (total: accept to network phase).");
        _ends = _meter.CreateCounter<long>("sstpfarm.session.ends", "{session}", "Sessions that were up and ended, by reason.");
        _keepaliveTimeouts = _meter.CreateCounter<long>("sstpfarm.session.keepalive.timeouts", "{session}", "Sessions ended because the peer stopped answering keepalives.");
        _tlsFailures = _meter.CreateCounter<long>("sstpfarm.tls.handshake.failures", "{handshake}", "Failed TLS handshakes by reason.");

        _meter.CreateObservableUpDownCounter("sstpfarm.sessions.active", () => (long)activeSessions(), "{session}", "Sessions on this node (after the HTTP handshake).");
        _meter.CreateObservableCounter("sstpfarm.tunnel.io", () => Bytes(sessions, liveBytes), "By", "Tunnel bytes: receive = from clients, transmit = to clients.");
        _meter.CreateObservableCounter("sstpfarm.tunnel.packets", () => Packets(forwarding()), "{packet}", "IP packets forwarded: receive = from clients into the TUN, transmit = to clients.");
        _meter.CreateObservableCounter("sstpfarm.tunnel.drops", () => Drops(sessions, forwarding()), "{packet}", "Packets dropped, by reason.");
        _meter.CreateObservableGauge("sstpfarm.node.admin_state", () => AdminState(draining()), "1", "1 for the node's admin state, 0 for the other.");
    }

    /// <summary>The counters this node's instruments read.</summary>
    public SessionCounters Counters { get; }

    /// <summary>One finished setup; <paramref name="result"/> from <see cref="TelemetryNames.SetupResult"/> or <c>ok</c>.</summary>
    public void RecordSetup(string result) => _setups.Add(1, new KeyValuePair<string, object?>("result", result));

    public void RecordStageDuration(string stage, double seconds) => _setupDuration.Record(seconds, new KeyValuePair<string, object?>("stage", stage));

    public void RecordEnd(ConnectionCloseReason reason)
    {
        _ends.Add(1, new KeyValuePair<string, object?>("reason", TelemetryNames.EndReason(reason)));
        RecordKeepaliveTimeout(reason);
    }

    /// <summary>Counts a keepalive timeout when <paramref name="reason"/> is one (a session up or in setup).</summary>
    public void RecordKeepaliveTimeout(ConnectionCloseReason reason)
    {
        if (TelemetryNames.KeepaliveKind(reason) is string kind)
        {
            _keepaliveTimeouts.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public void RecordTlsFailure(string reason) => _tlsFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();

    private static Measurement<long>[] Bytes(SessionCounters sessions, Func<(long Received, long Transmitted)> liveBytes)
    {
        (long received, long transmitted) = sessions.ReadBytes(liveBytes);
        return [Direction(received, "receive"), Direction(transmitted, "transmit")];
    }

    private static Measurement<long>[] Packets(ForwardingCounters? forwarding) => forwarding is null
        ? []
        : [Direction(forwarding.ForwardedToTun, "receive"), Direction(forwarding.ForwardedFromTun, "transmit")];

    private static List<Measurement<long>> Drops(SessionCounters sessions, ForwardingCounters? forwarding)
    {
        var drops = new List<Measurement<long>>(ForwardingDrops.Length + 3)
        {
            Reason(sessions.DroppedOversize, "oversize"),
            Reason(sessions.DroppedNotOpen, "not_open"),
            Reason(sessions.DroppedInvalidFrame, "invalid_frame"),
        };
        if (forwarding is not null)
        {
            foreach (DropReason reason in ForwardingDrops)
            {
                drops.Add(Reason(forwarding.Dropped(reason), TelemetryNames.Drop(reason)));
            }
        }

        return drops;
    }

    private static Measurement<int>[] AdminState(bool draining) =>
    [
        new(draining ? 0 : 1, new KeyValuePair<string, object?>("state", "active")),
        new(draining ? 1 : 0, new KeyValuePair<string, object?>("state", "draining")),
    ];

    private static Measurement<long> Direction(long value, string direction) => new(value, new KeyValuePair<string, object?>("network.io.direction", direction));

    private static Measurement<long> Reason(long value, string reason) => new(value, new KeyValuePair<string, object?>("reason", reason));

    internal static double Seconds(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalSeconds;
}
