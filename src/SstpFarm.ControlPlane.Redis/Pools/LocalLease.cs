using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>A lease of one of this node's sessions, with its stored form.</summary>
internal sealed record LocalLease(IpLease Lease, uint Address, string Value);

/// <summary>A write the node made while Redis was unreachable, replayed in order.</summary>
internal sealed record PendingWrite(LocalLease Lease, bool IsRelease, HeldBlock? Block);
