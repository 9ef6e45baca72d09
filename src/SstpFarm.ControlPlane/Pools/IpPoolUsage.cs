namespace SstpFarm.ControlPlane.Pools;

/// <summary>Counts over a pool's usable addresses (network, broadcast and excluded addresses not counted).</summary>
/// <param name="Usable">Addresses the pool may ever lease (including static reservations).</param>
/// <param name="Leased">Addresses held by sessions now.</param>
/// <param name="CoolingDown">Released addresses still inside the cooldown.</param>
/// <param name="StaticReserved">Addresses kept for users with a static address (never leased dynamically).</param>
/// <param name="AvailableNow">What dynamic allocation can hand out right now.</param>
public readonly record struct IpPoolUsage(long Usable, long Leased, long CoolingDown, long StaticReserved, long AvailableNow);
