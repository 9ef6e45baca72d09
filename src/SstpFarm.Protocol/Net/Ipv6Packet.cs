using System.Buffers.Binary;

namespace SstpFarm.Protocol.Net;

/// <summary>
/// A validated view of an IPv6 packet's fixed header (RFC 8200 §3); no copies, no allocation.
/// <code>
/// +-------+---------------+------------------------------+
/// |Version| Traffic Class |          Flow Label          |
/// |        Payload Length         | Next Header | Hop Limit |
/// |             Source Address (16 bytes)                 |
/// |          Destination Address (16 bytes)               |
/// </code>
/// Extension headers are not walked: <see cref="NextHeader"/> is the first one's type.
/// </summary>
public readonly ref struct Ipv6Packet
{
    public const int HeaderLength = 40;

    private readonly ReadOnlySpan<byte> _packet;

    private Ipv6Packet(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>
    /// Validates version 6 and 40 + Payload Length ≤ buffer length. Jumbograms (Payload Length 0 with a
    /// Hop-by-Hop jumbo option, RFC 2675) are not used on a tunnel and read as an empty payload.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Ipv6Packet packet)
    {
        packet = default;
        if (buffer.Length < HeaderLength || buffer[0] >> 4 != 6)
        {
            return false;
        }

        int totalLength = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(buffer[4..]);
        if (totalLength > buffer.Length)
        {
            return false;
        }

        packet = new Ipv6Packet(buffer[..totalLength]);
        return true;
    }

    public int PayloadLength => _packet.Length - HeaderLength;

    public int TotalLength => _packet.Length;

    public byte NextHeader => _packet[6];

    public byte HopLimit => _packet[7];

    public ReadOnlySpan<byte> SourceAddress => _packet.Slice(8, 16);

    public ReadOnlySpan<byte> DestinationAddress => _packet.Slice(24, 16);

    /// <summary>Source address as a big-endian-read integer (2001:db8::1 = 0x20010DB8_..._00000001), e.g. a table key.</summary>
    public UInt128 SourceAddressValue => BinaryPrimitives.ReadUInt128BigEndian(_packet[8..]);

    public UInt128 DestinationAddressValue => BinaryPrimitives.ReadUInt128BigEndian(_packet[24..]);

    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..];

    /// <summary>The whole packet (40 + Payload Length bytes).</summary>
    public ReadOnlySpan<byte> Span => _packet;
}
