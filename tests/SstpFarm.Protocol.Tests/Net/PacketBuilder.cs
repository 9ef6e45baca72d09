using System.Buffers.Binary;
using SstpFarm.Protocol.Net;

namespace SstpFarm.Protocol.Tests.Net;

/// <summary>Builds IPv4/IPv6 TCP packets with correct checksums, and verifies TCP checksums from scratch.</summary>
internal static class PacketBuilder
{
    public static readonly byte[] Source4 = [10, 0, 0, 1];
    public static readonly byte[] Destination4 = [10, 0, 0, 2];
    public static readonly byte[] Source6 = Convert.FromHexString("20010DB8000000000000000000000001");
    public static readonly byte[] Destination6 = Convert.FromHexString("20010DB8000000000000000000000002");

    public static byte[] Tcp(bool ipv6, byte flags, byte[] tcpOptions, byte[] payload, byte[]? ipv4Options = null)
    {
        ipv4Options ??= [];
        int tcpLength = 20 + tcpOptions.Length + payload.Length;
        var segment = new byte[tcpLength];
        BinaryPrimitives.WriteUInt16BigEndian(segment, 49152);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), 443);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), 0x01020304);
        segment[12] = (byte)((20 + tcpOptions.Length) / 4 << 4);
        segment[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), 64240);
        tcpOptions.CopyTo(segment, 20);
        payload.CopyTo(segment, 20 + tcpOptions.Length);

        byte[] header = ipv6 ? Ipv6Header(tcpLength) : Ipv4Header(tcpLength, ipv4Options);
        byte[] packet = [.. header, .. segment];
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(header.Length + 16), InternetChecksum.Finish(TcpSum(packet)));
        return packet;
    }

    /// <summary>True if the TCP checksum of an (unfragmented) IPv4 or IPv6 TCP packet verifies.</summary>
    public static bool TcpChecksumVerifies(byte[] packet) => InternetChecksum.Finish(TcpSum(packet)) == 0;

    /// <summary>MSS value of the first MSS option (the test packets have well-formed options).</summary>
    public static int ReadMss(byte[] packet)
    {
        int tcp = packet[0] >> 4 == 4 ? (packet[0] & 0xF) * 4 : 40;
        int end = tcp + ((packet[tcp + 12] >> 4) * 4);
        for (int i = tcp + 20; i < end && packet[i] != 0;)
        {
            if (packet[i] == 1)
            {
                i++;
                continue;
            }

            if (packet[i] == 2)
            {
                return BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i + 2));
            }

            i += packet[i + 1];
        }

        return -1;
    }

    private static uint TcpSum(byte[] packet)
    {
        bool v6 = packet[0] >> 4 == 6;
        int headerLength = v6 ? 40 : (packet[0] & 0xF) * 4;
        int totalLength = v6 ? 40 + BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) : BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));
        ReadOnlySpan<byte> segment = packet.AsSpan(headerLength, totalLength - headerLength);
        var pseudo = new List<byte>();
        if (v6)
        {
            pseudo.AddRange(packet.AsSpan(8, 32).ToArray());
            pseudo.AddRange([(byte)(segment.Length >> 24), (byte)(segment.Length >> 16), (byte)(segment.Length >> 8), (byte)segment.Length, 0, 0, 0, 6]);
        }
        else
        {
            pseudo.AddRange(packet.AsSpan(12, 8).ToArray());
            pseudo.AddRange([0, 6, (byte)(segment.Length >> 8), (byte)segment.Length]);
        }

        return InternetChecksum.Add(InternetChecksum.Add(0, pseudo.ToArray()), segment);
    }

    private static byte[] Ipv4Header(int tcpLength, byte[] options)
    {
        var header = new byte[20 + options.Length];
        header[0] = (byte)(0x40 | (header.Length / 4));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(header.Length + tcpLength));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), 0x4000); // DF
        header[8] = 64;
        header[9] = 6;
        Source4.CopyTo(header, 12);
        Destination4.CopyTo(header, 16);
        options.CopyTo(header, 20);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), InternetChecksum.Finish(InternetChecksum.Add(0, header)));
        return header;
    }

    private static byte[] Ipv6Header(int tcpLength)
    {
        var header = new byte[40];
        header[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)tcpLength);
        header[6] = 6;
        header[7] = 64;
        Source6.CopyTo(header, 8);
        Destination6.CopyTo(header, 24);
        return header;
    }
}
