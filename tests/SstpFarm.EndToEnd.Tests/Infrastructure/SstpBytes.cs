using System.Buffers.Binary;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.EndToEnd.Tests.Infrastructure;

/// <summary>Looks into and hand-builds SSTP packets for the relay (MS-SSTP §2.2).</summary>
public static class SstpBytes
{
    /// <summary>Call Connected with its Crypto Binding attribute: header 4, message 4, attribute header 4, reserved 3, bitmask 1, nonce 32, certificate hash 32, compound MAC 32 (MS-SSTP §2.2.7, §2.2.10).</summary>
    public const int CallConnectedLength = 112;

    public static bool IsControl(byte[] packet, SstpMessageType type) =>
        packet.Length >= 6 && (packet[1] & 1) == 1 && BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) == (ushort)type;

    /// <summary>A copy of a Call Connected with one bit of its compound MAC (the last 32 bytes) flipped.</summary>
    public static byte[] WithCompoundMacFlipped(byte[] packet) => Flip(packet, packet.Length - 1);

    /// <summary>A copy of a Call Connected with one bit of its certificate hash (the 32 bytes before the MAC) flipped.</summary>
    public static byte[] WithCertificateHashFlipped(byte[] packet) => Flip(packet, packet.Length - 64);

    /// <summary>An SSTP data packet carrying one PPP frame (address/control omitted, 2-byte protocol) of <paramref name="information"/>.</summary>
    public static byte[] DataPacket(ushort pppProtocol, ReadOnlySpan<byte> information)
    {
        byte[] packet = new byte[4 + 2 + information.Length];
        packet[0] = 0x10;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), pppProtocol);
        information.CopyTo(packet.AsSpan(6));
        return packet;
    }

    /// <summary>An IPv4 header (no checksum needed for the assertions) and a UDP header without checksum, then zeros: <paramref name="totalLength"/> bytes in all.</summary>
    public static byte[] Ipv4Udp(System.Net.IPAddress source, System.Net.IPAddress destination, int totalLength, int destinationPort)
    {
        byte[] packet = new byte[totalLength];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)totalLength);
        packet[8] = 64;
        packet[9] = 17;
        source.TryWriteBytes(packet.AsSpan(12), out _);
        destination.TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(totalLength - 20));
        return packet;
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static byte[] Flip(byte[] packet, int index)
    {
        byte[] copy = (byte[])packet.Clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
