using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>An <see cref="ITicketKeyRing"/> whose calls are counted and timed (<c>ticket_keys.*</c>).</summary>
internal sealed class InstrumentedTicketKeyRing(ITicketKeyRing inner, ControlPlaneMetrics metrics) : ITicketKeyRing
{
    public ValueTask<TicketKeySet> GetKeysAsync(CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("ticket_keys.read", () => inner.GetKeysAsync(cancellationToken), _ => false);

    public ValueTask<TicketKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("ticket_keys.rotate", () => inner.RotateAsync(cancellationToken), r => r.Status == TicketKeyRotationStatus.Unavailable);

    public ValueTask<TicketKeyRotationResult> RotateIfDueAsync(CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("ticket_keys.rotate", () => inner.RotateIfDueAsync(cancellationToken), r => r.Status == TicketKeyRotationStatus.Unavailable);
}
