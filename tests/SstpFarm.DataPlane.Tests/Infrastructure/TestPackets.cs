using System.Buffers.Binary;
using System.Net;

namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>Builds and answers raw IP packets for tests (RFC 791, RFC 8200, RFC 768, RFC 792).</summary>
public static class TestPackets
{
    public const byte ProtocolIcmp = 1;
    public const byte ProtocolUdp = 17;

    /// <summary>An IPv4/UDP packet (checksums valid for IPv4; UDP checksum 0 = none).</summary>
    public static byte[] UdpV4(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        int total = 20 + 8 + payloadLength;
        byte[] p = new byte[total];
        p[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)total);
        p[8] = 64;
        p[9] = ProtocolUdp;
        source.TryWriteBytes(p.AsSpan(12, 4), out _);
        destination.TryWriteBytes(p.AsSpan(16, 4), out _);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(10), Checksum(p.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(22), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(24), (ushort)(8 + payloadLength));
        return p;
    }

    /// <summary>A minimal IPv6 packet carrying <paramref name="payloadLength"/> zero bytes of UDP.</summary>
    public static byte[] UdpV6(IPAddress source, IPAddress destination, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        byte[] p = new byte[40 + 8 + payloadLength];
        p[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(4), (ushort)(8 + payloadLength));
        p[6] = ProtocolUdp;
        p[7] = 64;
        source.TryWriteBytes(p.AsSpan(8, 16), out _);
        destination.TryWriteBytes(p.AsSpan(24, 16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(44), (ushort)(8 + payloadLength));
        return p;
    }

    /// <summary>If <paramref name="packet"/> is an IPv4 ICMP echo request, turns it into the echo
    /// reply in place and returns true.</summary>
    public static bool TryMakeEchoReply(Span<byte> packet)
    {
        if (packet.Length < 28 || packet[0] >> 4 != 4 || packet[9] != ProtocolIcmp)
        {
            return false;
        }

        int headerLength = (packet[0] & 0xF) * 4;
        if (packet.Length < headerLength + 8 || packet[headerLength] != 8)
        {
            return false;
        }

        Span<byte> source = stackalloc byte[4];
        packet.Slice(12, 4).CopyTo(source);
        packet.Slice(16, 4).CopyTo(packet[12..]);
        source.CopyTo(packet[16..]);
        packet[10] = 0;
        packet[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet[10..], Checksum(packet[..headerLength]));

        Span<byte> icmp = packet[headerLength..];
        icmp[0] = 0; // echo reply
        icmp[2] = 0;
        icmp[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(icmp));
        return true;
    }

    /// <summary>The Internet checksum (RFC 1071).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
