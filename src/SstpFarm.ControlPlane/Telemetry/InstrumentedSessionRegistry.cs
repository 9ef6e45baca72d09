using System.Net;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>An <see cref="ISessionRegistry"/> whose calls are counted and timed (<c>registry.*</c>).</summary>
internal sealed class InstrumentedSessionRegistry(ISessionRegistry inner, ControlPlaneMetrics metrics) : ISessionRegistry
{
    public ValueTask<SessionRegistryStatus> RegisterAsync(SessionRecord session, CancellationToken cancellationToken = default) =>
        WriteAsync("registry.register", () => inner.RegisterAsync(session, cancellationToken));

    public ValueTask<SessionRegistryStatus> UpdateTrafficAsync(string sessionId, long bytesIn, long bytesOut, CancellationToken cancellationToken = default) =>
        WriteAsync("registry.update", () => inner.UpdateTrafficAsync(sessionId, bytesIn, bytesOut, cancellationToken));

    public ValueTask<SessionRegistryStatus> UpdateAddressAsync(string sessionId, IPAddress innerAddress, CancellationToken cancellationToken = default) =>
        WriteAsync("registry.update", () => inner.UpdateAddressAsync(sessionId, innerAddress, cancellationToken));

    public ValueTask<SessionRegistryStatus> UnregisterAsync(string sessionId, CancellationToken cancellationToken = default) =>
        WriteAsync("registry.unregister", () => inner.UnregisterAsync(sessionId, cancellationToken));

    public ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("registry.read", () => inner.GetAsync(sessionId, cancellationToken), _ => false);

    public ValueTask<SessionRecord?> FindByAddressAsync(IPAddress innerAddress, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("registry.read", () => inner.FindByAddressAsync(innerAddress, cancellationToken), _ => false);

    public ValueTask<IReadOnlyList<SessionRecord>> FindByUserAsync(string userName, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("registry.read", () => inner.FindByUserAsync(userName, cancellationToken), _ => false);

    public ValueTask<IReadOnlyList<SessionRecord>> FindByNodeAsync(string nodeId, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("registry.read", () => inner.FindByNodeAsync(nodeId, cancellationToken), _ => false);

    public ValueTask<IReadOnlyList<SessionRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("registry.read", () => inner.ListAsync(cancellationToken), _ => false);

    private ValueTask<SessionRegistryStatus> WriteAsync(string operation, Func<ValueTask<SessionRegistryStatus>> call) =>
        metrics.MeasureAsync(operation, call, s => s == SessionRegistryStatus.Unavailable);
}
