using System.Net;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>An IPv4 network in CIDR notation (RFC 4632 §3.1), e.g. 10.0.0.0/24.</summary>
public readonly record struct Ipv4Cidr
{
    public Ipv4Cidr(uint network, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        uint mask = MaskOf(prefixLength);
        if ((network & ~mask) != 0)
        {
            throw new ArgumentException($"{Ipv4.ToAddress(network)}/{prefixLength} has host bits set", nameof(network));
        }

        Network = network;
        PrefixLength = prefixLength;
    }

    public uint Network { get; }

    public int PrefixLength { get; }

    public uint Mask => MaskOf(PrefixLength);

    /// <summary>The last address (the broadcast address when the prefix is shorter than /31).</summary>
    public uint Last => Network | ~Mask;

    public ulong Size => 1UL << (32 - PrefixLength);

    /// <summary>
    /// Addresses a host may use: the network and broadcast addresses are skipped, except on /31
    /// (RFC 3021: both are hosts on a point-to-point link) and /32.
    /// </summary>
    public (uint First, uint Last) UsableRange => PrefixLength >= 31 ? (Network, Last) : (Network + 1, Last - 1);

    public bool Contains(uint address) => (address & Mask) == Network;

    public bool Contains(IPAddress address) => Contains(Ipv4.ToUInt32(address));

    public bool Overlaps(Ipv4Cidr other) => Contains(other.Network) || other.Contains(Network);

    public static bool TryParse(string? text, out Ipv4Cidr cidr, out string error)
    {
        cidr = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = "is not a CIDR: missing '/prefix-length' (e.g. 10.0.0.0/24)";
            return false;
        }

        if (!Ipv4.TryParse(text.AsSpan(0, slash), out uint address))
        {
            error = $"is not a CIDR: '{text[..slash]}' is not an IPv4 address";
            return false;
        }

        ReadOnlySpan<char> prefixText = text.AsSpan(slash + 1);
        if (prefixText.IsEmpty || prefixText.Length > 2 || !int.TryParse(prefixText, System.Globalization.NumberStyles.None, null, out int prefix) || prefix > 32)
        {
            error = "is not a CIDR: prefix length must be 0..32";
            return false;
        }

        uint mask = MaskOf(prefix);
        if ((address & ~mask) != 0)
        {
            error = $"is not a CIDR: host bits are set (did you mean {Ipv4.ToAddress(address & mask)}/{prefix}?)";
            return false;
        }

        cidr = new Ipv4Cidr(address, prefix);
        error = string.Empty;
        return true;
    }

    public override string ToString() => $"{Ipv4.ToAddress(Network)}/{PrefixLength}";

    private static uint MaskOf(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
}
