using System.Net;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>The shape of a pool: its networks and the addresses it must keep out of dynamic allocation.</summary>
public sealed record IpPoolDefinition
{
    /// <summary>Name of the pool (a key in a shared store).</summary>
    public string Name { get; init; } = "default";

    /// <summary>One or more non-overlapping IPv4 networks.</summary>
    public required IReadOnlyList<Ipv4Cidr> Networks { get; init; }

    /// <summary>Never leased: e.g. the server's own tunnel address, a gateway.</summary>
    public IReadOnlyCollection<IPAddress> Excluded { get; init; } = [];

    /// <summary>Addresses assigned to users as static: leased only to requests naming them.</summary>
    public IReadOnlyCollection<IPAddress> StaticReservations { get; init; } = [];

    /// <summary>
    /// How long an address released by one user stays away from other users (not from the same
    /// user, who may reconnect at once). Tuning default, not from a spec: long enough for stale
    /// packets and forwarding entries of the old session to drain, short against pool pressure.
    /// </summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The id written into leases (the owning node).</summary>
    public string NodeId { get; init; } = "local";
}
