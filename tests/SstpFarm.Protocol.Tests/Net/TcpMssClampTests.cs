using SstpFarm.Protocol.Net;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Net;

public sealed class TcpMssClampTests
{
    private static readonly byte[] NoPayload = [];
    private static readonly byte[] MssOnly = [2, 4, 0x05, 0xB4];

    [Fact]
    public void Ipv4SynIsClampedToTheKnownBytes()
    {
        byte[] packet = Hex.Parse(IpPacketTests.Ipv4Syn);

        Assert.Equal(MssClampResult.Clamped, TcpMssClamp.Clamp(packet, 1360, 1340));

        // Expected bytes computed independently (full checksum over the clamped packet): MSS 0x0550, checksum bd78.
        Assert.Equal(
            Hex.Parse("45 00 00 3c 1c 46 40 00 40 06 9d 22 c0 a8 00 01 c0 a8 00 02"
                + "d4 31 01 bb 1a 2b 3c 4d 00 00 00 00 a0 02 fa f0 bd 78 00 00"
                + "02 04 05 50 04 02 08 0a 00 01 e2 40 00 00 00 00 01 03 03 07"),
            packet);
    }

    [Fact]
    public void Ipv6SynWithTheMssAtAnOddOffsetIsClampedToTheKnownBytes()
    {
        byte[] packet = Hex.Parse(IpPacketTests.Ipv6Syn);

        Assert.Equal(MssClampResult.Clamped, TcpMssClamp.Clamp(packet, 1360, 1340));

        Assert.Equal(
            Hex.Parse("60 00 00 00 00 1c 06 40 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
                + "c3 50 01 bb 00 00 00 01 00 00 00 00 70 02 ff ff 2d 50 00 00"
                + "01 02 04 05 3c 01 01 01"),
            packet);
    }

    [Theory]
    [InlineData(1460)]
    [InlineData(1500)]
    [InlineData(65535)]
    public void SmallerOrEqualMssIsLeftAlone(int max)
    {
        byte[] packet = Hex.Parse(IpPacketTests.Ipv4Syn);
        byte[] before = (byte[])packet.Clone();

        Assert.Equal(MssClampResult.Unchanged, TcpMssClamp.ClampIpv4(packet, (ushort)max));
        Assert.Equal(before, packet);
    }

    [Fact]
    public void SynAckIsClampedToo()
    {
        byte[] packet = PacketBuilder.Tcp(ipv6: false, flags: 0x12, MssOnly, NoPayload);

        Assert.Equal(MssClampResult.Clamped, TcpMssClamp.Clamp(packet, 1360, 1340));
        Assert.Equal(1360, PacketBuilder.ReadMss(packet));
        Assert.True(PacketBuilder.TcpChecksumVerifies(packet));
    }

    [Fact]
    public void SynWithoutMssOption()
    {
        byte[] packet = PacketBuilder.Tcp(ipv6: true, flags: 0x02, [1, 1, 4, 2, 1, 3, 3, 7, 0, 0, 0, 0], NoPayload);

        Assert.Equal(MssClampResult.NoMssOption, TcpMssClamp.Clamp(packet, 1360, 1340));
    }

    [Fact]
    public void OptionsAfterEndOfListAreIgnored()
    {
        byte[] packet = PacketBuilder.Tcp(ipv6: false, flags: 0x02, [0, 0, 0, 0, 2, 4, 0x05, 0xB4], NoPayload);

        Assert.Equal(MssClampResult.NoMssOption, TcpMssClamp.Clamp(packet, 1360, 1340));
    }

    [Fact]
    public void NonSynFragmentsAndOtherProtocolsPassThrough()
    {
        byte[] ack = PacketBuilder.Tcp(ipv6: false, flags: 0x10, MssOnly, [1, 2, 3]);
        Assert.Equal(MssClampResult.NotTcpSyn, TcpMssClamp.Clamp(ack, 1360, 1340));

        byte[] fragment = PacketBuilder.Tcp(ipv6: false, flags: 0x02, MssOnly, NoPayload);
        fragment[6] |= 0x20; // More Fragments
        Assert.Equal(MssClampResult.NotTcpSyn, TcpMssClamp.Clamp(fragment, 1360, 1340));

        byte[] udp = PacketBuilder.Tcp(ipv6: false, flags: 0x02, MssOnly, NoPayload);
        udp[9] = IpProtocolNumbers.Udp;
        Assert.Equal(MssClampResult.NotTcpSyn, TcpMssClamp.Clamp(udp, 1360, 1340));

        byte[] extension = PacketBuilder.Tcp(ipv6: true, flags: 0x02, MssOnly, NoPayload);
        extension[6] = 0; // Hop-by-Hop first: not walked
        Assert.Equal(MssClampResult.NotTcpSyn, TcpMssClamp.Clamp(extension, 1360, 1340));

        Assert.Equal(MssClampResult.NotTcpSyn, TcpMssClamp.Clamp([0x50, 0, 0, 0], 1360, 1340));
        Assert.Equal(MssClampResult.NotTcpSyn, TcpMssClamp.Clamp([], 1360, 1340));
    }

    [Theory]
    [InlineData(new byte[] { 2, 3, 0x05, 0xB4 })] // MSS length 3
    [InlineData(new byte[] { 2, 5, 0x05, 0xB4, 0, 0, 0, 0 })] // MSS length 5
    [InlineData(new byte[] { 8, 0, 1, 1 })] // length 0 would loop forever
    [InlineData(new byte[] { 8, 1, 1, 1 })] // length 1
    [InlineData(new byte[] { 1, 1, 8, 9 })] // runs past the header
    [InlineData(new byte[] { 1, 1, 1, 8 })] // kind without a length byte
    public void MalformedOptionsAreLeftAlone(byte[] options)
    {
        byte[] packet = PacketBuilder.Tcp(ipv6: false, flags: 0x02, options, [9, 9]);
        byte[] before = (byte[])packet.Clone();

        Assert.Equal(MssClampResult.Malformed, TcpMssClamp.Clamp(packet, 1360, 1340));
        Assert.Equal(before, packet);
    }

    [Fact]
    public void DataOffsetBeyondTheSegmentIsMalformed()
    {
        byte[] packet = PacketBuilder.Tcp(ipv6: true, flags: 0x02, MssOnly, NoPayload);
        packet[40 + 12] = 0x70; // says 28 bytes, segment has 24

        Assert.Equal(MssClampResult.Malformed, TcpMssClamp.Clamp(packet, 1360, 1340));

        packet[40 + 12] = 0x40; // says 16 bytes
        Assert.Equal(MssClampResult.Malformed, TcpMssClamp.Clamp(packet, 1360, 1340));
    }

    [Fact]
    public void TruncatedPacketsAreMalformed()
    {
        byte[] packet = PacketBuilder.Tcp(ipv6: false, flags: 0x02, MssOnly, NoPayload);
        Assert.Equal(MssClampResult.Malformed, TcpMssClamp.Clamp(packet.AsSpan(0, packet.Length - 1), 1360, 1340));

        byte[] tiny = PacketBuilder.Tcp(ipv6: false, flags: 0x02, [], NoPayload);
        tiny[3] = 30; // total length leaves only 10 TCP bytes
        Assert.Equal(MssClampResult.Malformed, TcpMssClamp.Clamp(tiny, 1360, 1340));
    }
}
