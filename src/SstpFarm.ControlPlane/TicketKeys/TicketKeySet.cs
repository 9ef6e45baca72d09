namespace SstpFarm.ControlPlane.TicketKeys;

/// <summary>
/// The ring at one version: tickets are issued with <see cref="Current"/>; <see cref="Previous"/>
/// still decrypts tickets issued before the last rotation; <see cref="Next"/> is distributed ahead
/// so that every node can decrypt as soon as any node starts issuing with it.
/// </summary>
public sealed record TicketKeySet(TicketKey Previous, TicketKey Current, TicketKey Next, long Version, DateTimeOffset RotatedAt, DateTimeOffset NextRotationAt)
{
    /// <summary>HAProxy's key-file order: it encrypts with the middle one of three.</summary>
    public IReadOnlyList<TicketKey> InHaproxyOrder() => [Previous, Current, Next];
}
