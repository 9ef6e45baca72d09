using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace SstpFarm.DataPlane.Forwarding;

/// <summary>
/// Inner IP address → session. IPv4 keyed by the address as a host-order uint, IPv6 by the full
/// /128 (a session registers its link-local fe80::interface-id and any global address).
/// ConcurrentDictionary because lookups (every packet, on every TUN reader) take no lock, while
/// writes (session up/down) lock only one stripe; a copy-on-write map would copy the whole table
/// on every session change, which at thousands of sessions and high churn costs more than it saves.
/// </summary>
public sealed class ForwardingTable
{
    private readonly ConcurrentDictionary<uint, IForwardingEndpoint> _v4 = new();
    private readonly ConcurrentDictionary<UInt128, IForwardingEndpoint> _v6 = new();

    /// <summary>Number of addresses routed.</summary>
    public int Count => _v4.Count + _v6.Count;

    /// <summary>Routes <paramref name="address"/> to <paramref name="endpoint"/>; false if another
    /// endpoint already owns it.</summary>
    public bool TryAdd(IPAddress address, IForwardingEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return IsV4(address, out uint v4, out UInt128 v6) ? _v4.TryAdd(v4, endpoint) : _v6.TryAdd(v6, endpoint);
    }

    /// <summary>Removes the route only if it still points at <paramref name="endpoint"/> (a session
    /// going away never removes its successor's route).</summary>
    public bool TryRemove(IPAddress address, IForwardingEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return IsV4(address, out uint v4, out UInt128 v6)
            ? _v4.TryRemove(new KeyValuePair<uint, IForwardingEndpoint>(v4, endpoint))
            : _v6.TryRemove(new KeyValuePair<UInt128, IForwardingEndpoint>(v6, endpoint));
    }

    public bool TryGet(IPAddress address, [MaybeNullWhen(false)] out IForwardingEndpoint endpoint) =>
        IsV4(address, out uint v4, out UInt128 v6) ? _v4.TryGetValue(v4, out endpoint) : _v6.TryGetValue(v6, out endpoint);

    /// <summary>Lookup by an IPv4 address in host order (as read big-endian from the header).</summary>
    public bool TryGetIPv4(uint address, [MaybeNullWhen(false)] out IForwardingEndpoint endpoint) =>
        _v4.TryGetValue(address, out endpoint);

    /// <summary>Lookup by an IPv6 address (as read big-endian from the header).</summary>
    public bool TryGetIPv6(UInt128 address, [MaybeNullWhen(false)] out IForwardingEndpoint endpoint) =>
        _v6.TryGetValue(address, out endpoint);

    private static bool IsV4(IPAddress address, out uint v4, out UInt128 v6)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"unsupported address {address}", nameof(address));
        }

        switch (address.AddressFamily)
        {
            case AddressFamily.InterNetwork when written == 4:
                v4 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
                v6 = default;
                return true;
            case AddressFamily.InterNetworkV6 when written == 16:
                v4 = 0;
                v6 = BinaryPrimitives.ReadUInt128BigEndian(bytes);
                return false;
            default:
                throw new ArgumentException($"unsupported address {address}", nameof(address));
        }
    }
}
