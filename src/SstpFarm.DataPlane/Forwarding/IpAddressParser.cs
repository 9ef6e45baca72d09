using System.Buffers.Binary;

namespace SstpFarm.DataPlane.Forwarding;

/// <summary>
/// Just enough IPv4/IPv6 header reading to route: version, length sanity, source and destination.
/// Minimal on purpose — to be replaced by the shared header helpers in SstpFarm.Protocol/Net.
/// </summary>
internal static class IpAddressParser
{
    //  IPv4 (RFC 791 §3.1)                 IPv6 (RFC 8200 §3)
    //  0: version(4) IHL(4)                0: version(4) traffic class, flow label
    //  2: total length (16)                4: payload length (16)
    // 12: source address (32)              8: source address (128)
    // 16: destination address (32)        24: destination address (128)
    public const int IPv4HeaderLength = 20;
    public const int IPv6HeaderLength = 40;

    /// <summary>Checks the header; on <see cref="DropReason.None"/> <paramref name="version"/> is 4 or 6.</summary>
    public static DropReason Validate(ReadOnlySpan<byte> packet, out int version)
    {
        version = 0;
        if (packet.IsEmpty)
        {
            return DropReason.Malformed;
        }

        if (packet.Length > TunPacket.MaxPacketLength)
        {
            return DropReason.TooBig;
        }

        switch (packet[0] >> 4)
        {
            case 4:
                version = 4;
                if (packet.Length < IPv4HeaderLength)
                {
                    return DropReason.Malformed;
                }

                int headerLength = (packet[0] & 0x0F) * 4;
                int totalLength = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
                return headerLength < IPv4HeaderLength || totalLength < headerLength || totalLength > packet.Length
                    ? DropReason.Malformed
                    : DropReason.None;

            case 6:
                version = 6;
                return packet.Length < IPv6HeaderLength
                       || IPv6HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) > packet.Length
                    ? DropReason.Malformed
                    : DropReason.None;

            default:
                return DropReason.UnsupportedVersion;
        }
    }

    public static uint IPv4Source(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);

    public static uint IPv4Destination(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);

    public static UInt128 IPv6Source(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt128BigEndian(packet[8..]);

    public static UInt128 IPv6Destination(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt128BigEndian(packet[24..]);
}
