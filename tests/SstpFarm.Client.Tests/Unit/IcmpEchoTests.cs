using System.Buffers.Binary;
using System.Net;
using SstpFarm.Client.Diagnostics;
using SstpFarm.Protocol.Net;

namespace SstpFarm.Client.Tests.Unit;

public sealed class IcmpEchoTests
{
    [Fact]
    public void RequestHasValidChecksumsAndBecomesAReplyWhenTypeIsZeroed()
    {
        byte[] packet = new byte[IcmpEcho.Overhead + 56];
        int length = IcmpEcho.WriteRequest(packet, IPAddress.Parse("192.168.30.10"), IPAddress.Parse("192.168.30.1"), 0x1234, 7, 56);

        Assert.Equal(84, length);
        Assert.True(Ipv4Packet.TryParse(packet, out Ipv4Packet ip));
        Assert.Equal(0, InternetChecksum.Finish(InternetChecksum.Add(0, ip.Header)));
        Assert.Equal(0, InternetChecksum.Finish(InternetChecksum.Add(0, ip.Payload)));
        Assert.False(IcmpEcho.TryReadReply(packet, out _, out _)); // a request is not a reply

        // What the echoing host sends back: addresses swapped, type 0, checksum fixed up.
        packet.AsSpan(12, 4).CopyTo(packet.AsSpan(16, 4));
        packet[20] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 0);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), InternetChecksum.Finish(InternetChecksum.Add(0, packet.AsSpan(20, length - 20))));
        Assert.True(IcmpEcho.TryReadReply(packet.AsSpan(0, length), out ushort id, out ushort seq));
        Assert.Equal((0x1234, 7), (id, seq));
    }

    [Fact]
    public void NonIcmpAndTruncatedPacketsAreNotReplies()
    {
        Assert.False(IcmpEcho.TryReadReply([], out _, out _));
        Assert.False(IcmpEcho.TryReadReply(new byte[20], out _, out _));
        byte[] udp = new byte[28];
        udp[0] = 0x45;
        udp[3] = 28;
        udp[9] = 17;
        Assert.False(IcmpEcho.TryReadReply(udp, out _, out _));
    }
}
