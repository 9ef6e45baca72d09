using System.Buffers.Binary;

namespace SstpFarm.Protocol.Net;

/// <summary>
/// Lowers the MSS option of forwarded TCP SYN and SYN-ACK segments so that TCP inside the tunnel never
/// builds segments larger than the tunnel MTU allows (interop.md item 44: MSS = tunnel MTU − 40 for IPv4,
/// − 60 for IPv6). Works in place, allocates nothing, never writes outside the MSS value and the TCP
/// checksum, which is updated incrementally (RFC 1624).
/// </summary>
/// <remarks>
/// <code>
/// TCP header (RFC 9293 §3.1)           MSS option (RFC 9293 §3.2)
/// 0     Source Port | Destination Port  +--------+--------+---------+---------+
/// 4     Sequence Number                 | kind=2 | len=4  |   MSS (BE16)      |
/// 8     Acknowledgment Number           +--------+--------+---------+---------+
/// 12    DOff(4) Rsv | Flags (SYN=0x02) | Window
/// 16    Checksum | Urgent Pointer
/// 20    Options (DOff×4 − 20 bytes): kind 0 = end, kind 1 = NOP, others kind,len,value
/// </code>
/// Skipped: IPv4 fragments (the options may not all be in this fragment), and IPv6 packets whose Next
/// Header is not TCP directly. Extension headers on a SYN are rare enough that walking them is not worth
/// the code; such SYNs keep their MSS and the path MTU discovery of the endpoints still applies.
/// </remarks>
public static class TcpMssClamp
{
    private const int TcpMinHeaderLength = 20;
    private const byte SynFlag = 0x02;
    private const byte OptionEnd = 0;
    private const byte OptionNop = 1;
    private const byte OptionMss = 2;
    private const byte OptionMssLength = 4;

    /// <summary>Clamps IPv4 SYNs to <paramref name="maxMssIpv4"/> and IPv6 SYNs to <paramref name="maxMssIpv6"/>.</summary>
    public static MssClampResult Clamp(Span<byte> packet, ushort maxMssIpv4, ushort maxMssIpv6) => IpPacket.GetVersion(packet) switch
    {
        4 => ClampIpv4(packet, maxMssIpv4),
        6 => ClampIpv6(packet, maxMssIpv6),
        _ => MssClampResult.NotTcpSyn,
    };

    public static MssClampResult ClampIpv4(Span<byte> packet, ushort maxMss)
    {
        if (!Ipv4Packet.TryParse(packet, out Ipv4Packet ip))
        {
            return MssClampResult.Malformed;
        }

        if (ip.Protocol != IpProtocolNumbers.Tcp || ip.IsFragment)
        {
            return MssClampResult.NotTcpSyn;
        }

        return ClampSegment(packet[ip.HeaderLength..ip.TotalLength], maxMss);
    }

    public static MssClampResult ClampIpv6(Span<byte> packet, ushort maxMss)
    {
        if (!Ipv6Packet.TryParse(packet, out Ipv6Packet ip))
        {
            return MssClampResult.Malformed;
        }

        return ip.NextHeader != IpProtocolNumbers.Tcp
            ? MssClampResult.NotTcpSyn
            : ClampSegment(packet[Ipv6Packet.HeaderLength..ip.TotalLength], maxMss);
    }

    private static MssClampResult ClampSegment(Span<byte> segment, ushort maxMss)
    {
        if (segment.Length < TcpMinHeaderLength)
        {
            return MssClampResult.Malformed;
        }

        if ((segment[13] & SynFlag) == 0)
        {
            return MssClampResult.NotTcpSyn;
        }

        int headerLength = (segment[12] >> 4) * 4;
        if (headerLength < TcpMinHeaderLength || headerLength > segment.Length)
        {
            return MssClampResult.Malformed;
        }

        int i = TcpMinHeaderLength;
        while (i < headerLength)
        {
            byte kind = segment[i];
            if (kind == OptionEnd)
            {
                break;
            }

            if (kind == OptionNop)
            {
                i++;
                continue;
            }

            if (i + 1 >= headerLength || segment[i + 1] < 2 || segment[i + 1] > headerLength - i)
            {
                return MssClampResult.Malformed;
            }

            if (kind == OptionMss)
            {
                return segment[i + 1] == OptionMssLength ? LowerMss(segment, i + 2, maxMss) : MssClampResult.Malformed;
            }

            i += segment[i + 1];
        }

        return MssClampResult.NoMssOption;
    }

    private static MssClampResult LowerMss(Span<byte> segment, int valueOffset, ushort maxMss)
    {
        ushort mss = BinaryPrimitives.ReadUInt16BigEndian(segment[valueOffset..]);
        if (mss <= maxMss)
        {
            return MssClampResult.Unchanged;
        }

        // The checksum sums 16-bit words aligned to the segment start; a value at an odd offset straddles two
        // words, and its contribution is then the byte-swapped value (RFC 1071 §2(B), byte order independence).
        bool odd = (valueOffset & 1) != 0;
        ushort oldWord = odd ? BinaryPrimitives.ReverseEndianness(mss) : mss;
        ushort newWord = odd ? BinaryPrimitives.ReverseEndianness(maxMss) : maxMss;
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(segment[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(segment[valueOffset..], maxMss);
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], InternetChecksum.Update(checksum, oldWord, newWord));
        return MssClampResult.Clamped;
    }
}
