namespace SstpFarm.ControlPlane.TicketKeys;

/// <summary>
/// The cluster's TLS session-ticket keys (one ring object). Every node reads it; only the node
/// holding the rotation lease rotates it (a single-node ring always holds the lease).
/// </summary>
public interface ITicketKeyRing
{
    ValueTask<TicketKeySet> GetKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Previous ← current ← next ← a new key, now.</summary>
    ValueTask<TicketKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>Rotates only when the schedule says so; call it from the node's heartbeat.</summary>
    ValueTask<TicketKeyRotationResult> RotateIfDueAsync(CancellationToken cancellationToken = default);
}

public enum TicketKeyRotationStatus
{
    Rotated,
    NotDue,

    /// <summary>Another node holds the rotation lease.</summary>
    NotLeaseHolder,
    Unavailable,
}

/// <summary>The outcome of a rotation attempt, with the keys in force afterwards (when known).</summary>
public readonly record struct TicketKeyRotationResult(TicketKeyRotationStatus Status, TicketKeySet? Keys);
