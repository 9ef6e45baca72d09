using System.Buffers.Binary;

namespace SstpFarm.Protocol.Net;

/// <summary>
/// A validated view of an IPv4 packet (RFC 791 §3.1); no copies, no allocation.
/// <code>
///  0       4       8              16      19             31
/// +-------+-------+---------------+-------+--------------+
/// |Version|  IHL  |    DSCP/ECN   |      Total Length    |
/// |        Identification         |Flags| Fragment Offset |
/// |  TTL          |   Protocol    |    Header Checksum   |
/// |                   Source Address                     |
/// |                 Destination Address                  |
/// |            Options (IHL > 5) ...                     |
/// </code>
/// </summary>
public readonly ref struct Ipv4Packet
{
    public const int MinHeaderLength = 20;

    private const ushort MoreFragmentsFlag = 0x2000;
    private const ushort FragmentOffsetMask = 0x1FFF;

    private readonly ReadOnlySpan<byte> _packet;

    private Ipv4Packet(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>
    /// Validates version 4, IHL ≥ 5, IHL×4 ≤ Total Length ≤ buffer length. Bytes after Total Length (link
    /// padding) are outside the view. A packet arrives whole from the TUN device or a PPP frame, so a short
    /// buffer is simply invalid.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out Ipv4Packet packet)
    {
        packet = default;
        if (buffer.Length < MinHeaderLength || buffer[0] >> 4 != 4)
        {
            return false;
        }

        int headerLength = (buffer[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (headerLength < MinHeaderLength || totalLength < headerLength || totalLength > buffer.Length)
        {
            return false;
        }

        packet = new Ipv4Packet(buffer[..totalLength]);
        return true;
    }

    public int HeaderLength => (_packet[0] & 0x0F) * 4;

    public int TotalLength => _packet.Length;

    public byte Protocol => _packet[9];

    public byte TimeToLive => _packet[8];

    /// <summary>Source address as a big-endian-read integer (192.0.2.1 = 0xC0000201).</summary>
    public uint SourceAddress => BinaryPrimitives.ReadUInt32BigEndian(_packet[12..]);

    public uint DestinationAddress => BinaryPrimitives.ReadUInt32BigEndian(_packet[16..]);

    public ReadOnlySpan<byte> SourceAddressBytes => _packet.Slice(12, 4);

    public ReadOnlySpan<byte> DestinationAddressBytes => _packet.Slice(16, 4);

    /// <summary>True for any fragment: More Fragments set or a non-zero offset.</summary>
    public bool IsFragment => (BinaryPrimitives.ReadUInt16BigEndian(_packet[6..]) & (MoreFragmentsFlag | FragmentOffsetMask)) != 0;

    public ReadOnlySpan<byte> Header => _packet[..HeaderLength];

    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..];

    /// <summary>The whole packet (Total Length bytes).</summary>
    public ReadOnlySpan<byte> Span => _packet;
}
