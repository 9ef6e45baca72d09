using System.Net;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>What a session asks the pool for.</summary>
/// <param name="SessionId">The session that will hold the lease (idempotency key).</param>
/// <param name="UserName">The authenticated user (sticky addresses and cooldown are per user).</param>
/// <param name="StaticAddress">
/// The user's fixed address (local user file, RADIUS Framed-IP-Address). When set, this address
/// or nothing: the pool never substitutes another one.
/// </param>
/// <param name="PreferSticky">Give the user their previous address back when it is free.</param>
public sealed record IpAllocationRequest(string SessionId, string UserName, IPAddress? StaticAddress = null, bool PreferSticky = true);
