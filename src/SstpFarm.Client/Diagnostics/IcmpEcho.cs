using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SstpFarm.Protocol.Net;

namespace SstpFarm.Client.Diagnostics;

/// <summary>
/// ICMPv4 Echo Request / Reply packets (RFC 792) as whole IPv4 datagrams, for pinging through a
/// session without a TUN device: the connectivity check and the load generator's traffic.
/// </summary>
public static class IcmpEcho
{
    public const int Ipv4HeaderLength = 20;
    public const int IcmpHeaderLength = 8;
    public const int Overhead = Ipv4HeaderLength + IcmpHeaderLength;

    private const byte EchoReply = 0;
    private const byte EchoRequest = 8;

    /// <summary>Writes an Echo Request from <paramref name="source"/> to <paramref name="destination"/>; returns the datagram length.</summary>
    public static int WriteRequest(Span<byte> buffer, IPAddress source, IPAddress destination, ushort identifier, ushort sequence, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.AddressFamily != AddressFamily.InterNetwork || destination.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("ICMPv4 needs IPv4 addresses.");
        }

        int total = Overhead + payloadLength;
        Span<byte> packet = buffer[..total];
        packet.Clear();

        // RFC 791 header: version 4, IHL 5, DF, TTL 64, protocol 1 (ICMP).
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)total);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], sequence);
        packet[6] = 0x40;
        packet[8] = 64;
        packet[9] = IpProtocolNumbers.Icmp;
        source.TryWriteBytes(packet[12..16], out _);
        destination.TryWriteBytes(packet[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], InternetChecksum.Finish(InternetChecksum.Add(0, packet[..Ipv4HeaderLength])));

        Span<byte> icmp = packet[Ipv4HeaderLength..];
        icmp[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], sequence);
        for (int i = IcmpHeaderLength; i < icmp.Length; i++)
        {
            icmp[i] = (byte)i;
        }

        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Finish(InternetChecksum.Add(0, icmp)));
        return total;
    }

    /// <summary>True if <paramref name="packet"/> is an IPv4 Echo Reply; returns its identifier and sequence.</summary>
    public static bool TryReadReply(ReadOnlySpan<byte> packet, out ushort identifier, out ushort sequence)
    {
        identifier = sequence = 0;
        if (!Ipv4Packet.TryParse(packet, out Ipv4Packet ip) || ip.Protocol != IpProtocolNumbers.Icmp || ip.IsFragment)
        {
            return false;
        }

        ReadOnlySpan<byte> icmp = ip.Payload;
        if (icmp.Length < IcmpHeaderLength || icmp[0] != EchoReply)
        {
            return false;
        }

        identifier = BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]);
        sequence = BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
        return true;
    }
}
