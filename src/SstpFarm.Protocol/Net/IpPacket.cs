namespace SstpFarm.Protocol.Net;

/// <summary>What every IP packet shares: the version nibble (RFC 791 §3.1, RFC 8200 §3).</summary>
public static class IpPacket
{
    /// <summary>4, 6, or another nibble value; 0 for an empty buffer.</summary>
    public static int GetVersion(ReadOnlySpan<byte> packet) => packet.IsEmpty ? 0 : packet[0] >> 4;

    /// <summary>
    /// Checks the header of an IPv4 or IPv6 packet once, by its version nibble, with the rules of
    /// <see cref="Ipv4Packet.TryParse"/> and <see cref="Ipv6Packet.TryParse"/>; the view of that version is
    /// set when the result says it is valid, the other stays default. Never throws.
    /// </summary>
    public static IpPacketStatus Validate(ReadOnlySpan<byte> buffer, out Ipv4Packet ipv4, out Ipv6Packet ipv6)
    {
        ipv4 = default;
        ipv6 = default;
        switch (GetVersion(buffer))
        {
            case 4:
                return Ipv4Packet.TryParse(buffer, out ipv4) ? IpPacketStatus.Ipv4 : IpPacketStatus.Malformed;
            case 6:
                return Ipv6Packet.TryParse(buffer, out ipv6) ? IpPacketStatus.Ipv6 : IpPacketStatus.Malformed;
            default:
                return buffer.IsEmpty ? IpPacketStatus.Malformed : IpPacketStatus.UnsupportedVersion;
        }
    }
}
