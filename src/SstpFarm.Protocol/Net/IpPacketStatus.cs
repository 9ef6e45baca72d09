namespace SstpFarm.Protocol.Net;

/// <summary>What <see cref="IpPacket.Validate"/> found: which header is valid, or why none is.</summary>
public enum IpPacketStatus
{
    /// <summary>Empty, shorter than its fixed header, or its own length fields disagree with the data (RFC 791 §3.1 IHL and Total Length, RFC 8200 §3 Payload Length).</summary>
    Malformed,

    /// <summary>The version nibble is neither 4 nor 6.</summary>
    UnsupportedVersion,

    /// <summary>A valid IPv4 header: the <see cref="Ipv4Packet"/> view is set.</summary>
    Ipv4,

    /// <summary>A valid IPv6 fixed header: the <see cref="Ipv6Packet"/> view is set.</summary>
    Ipv6,
}
