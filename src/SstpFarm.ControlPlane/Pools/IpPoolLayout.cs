using System.Net;
using System.Net.Sockets;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>
/// The validated shape of a pool as integers: usable ranges (network and broadcast addresses
/// skipped), excluded addresses and static reservations. Shared by every pool implementation so
/// that "which address may be leased at all" is decided in one place.
/// </summary>
public sealed class IpPoolLayout
{
    private readonly HashSet<uint> _excluded = [];
    private readonly HashSet<uint> _static = [];

    public IpPoolLayout(IpPoolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Networks.Count == 0)
        {
            throw new ArgumentException("a pool needs at least one network", nameof(definition));
        }

        Networks = definition.Networks.OrderBy(n => n.Network).ToArray();
        for (int i = 1; i < Networks.Count; i++)
        {
            if (Networks[i - 1].Overlaps(Networks[i]))
            {
                throw new ArgumentException($"pool networks {Networks[i - 1]} and {Networks[i]} overlap", nameof(definition));
            }
        }

        Ranges = Networks.Select(n => n.UsableRange).ToArray();
        long usable = Ranges.Sum(r => (long)r.Last - r.First + 1);
        foreach (IPAddress address in definition.Excluded)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork && IsUsable(Ipv4.ToUInt32(address)) && _excluded.Add(Ipv4.ToUInt32(address)))
            {
                usable--;
            }
        }

        foreach (IPAddress address in definition.StaticReservations)
        {
            uint value = address.AddressFamily == AddressFamily.InterNetwork ? Ipv4.ToUInt32(address) : 0;
            if (!IsUsable(value) || _excluded.Contains(value))
            {
                throw new ArgumentException($"static address {address} is not a usable address of pool '{definition.Name}'", nameof(definition));
            }

            _static.Add(value);
        }

        Usable = usable;
    }

    /// <summary>The networks, sorted by address.</summary>
    public IReadOnlyList<Ipv4Cidr> Networks { get; }

    /// <summary>Usable range of each network, in the order of <see cref="Networks"/>.</summary>
    public IReadOnlyList<(uint First, uint Last)> Ranges { get; }

    /// <summary>Addresses the pool may ever lease (static reservations included, excluded ones not).</summary>
    public long Usable { get; }

    public IReadOnlyCollection<uint> StaticReservations => _static;

    public bool IsExcluded(uint address) => _excluded.Contains(address);

    public bool IsStatic(uint address) => _static.Contains(address);

    /// <summary>May be leased dynamically: usable, not excluded, not kept for a static user.</summary>
    public bool IsDynamic(uint address) => IsUsable(address) && !_excluded.Contains(address) && !_static.Contains(address);

    public bool IsUsable(uint address)
    {
        foreach ((uint first, uint last) in Ranges)
        {
            if (address >= first && address <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why a static request cannot be served whatever the pool's state, or null when the address
    /// may be leased to it (<paramref name="address"/> is then set).
    /// </summary>
    public IpAllocationStatus? CheckStatic(IPAddress requested, out uint address)
    {
        ArgumentNullException.ThrowIfNull(requested);
        address = 0;
        if (requested.AddressFamily != AddressFamily.InterNetwork)
        {
            return IpAllocationStatus.StaticAddressOutsidePool;
        }

        address = Ipv4.ToUInt32(requested);
        if (!IsUsable(address))
        {
            uint value = address;
            return Networks.Any(n => n.Contains(value)) ? IpAllocationStatus.StaticAddressReserved : IpAllocationStatus.StaticAddressOutsidePool;
        }

        return _excluded.Contains(address) ? IpAllocationStatus.StaticAddressReserved : null;
    }
}
