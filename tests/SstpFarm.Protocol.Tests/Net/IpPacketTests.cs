using SstpFarm.Protocol.Net;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Net;

public sealed class IpPacketTests
{
    // IPv4 SYN 192.168.0.1:54321 → 192.168.0.2:443, Linux-style options (MSS 1460, SACK-perm, TS, NOP, WS 7).
    internal const string Ipv4Syn =
        "45 00 00 3c 1c 46 40 00 40 06 9d 22 c0 a8 00 01 c0 a8 00 02"
        + "d4 31 01 bb 1a 2b 3c 4d 00 00 00 00 a0 02 fa f0 bd 14 00 00"
        + "02 04 05 b4 04 02 08 0a 00 01 e2 40 00 00 00 00 01 03 03 07";

    // IPv6 SYN [2001:db8::1]:50000 → [2001:db8::2]:443, options NOP, MSS 1440 (value at an odd offset), NOP×3.
    internal const string Ipv6Syn =
        "60 00 00 00 00 1c 06 40 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
        + "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02"
        + "c3 50 01 bb 00 00 00 01 00 00 00 00 70 02 ff ff c9 4f 00 00"
        + "01 02 04 05 a0 01 01 01";

    [Fact]
    public void Ipv4Fields()
    {
        byte[] bytes = [.. Hex.Parse(Ipv4Syn), 0, 0, 0]; // link padding is outside the view

        Assert.Equal(4, IpPacket.GetVersion(bytes));
        Assert.True(Ipv4Packet.TryParse(bytes, out Ipv4Packet ip));
        Assert.Equal(20, ip.HeaderLength);
        Assert.Equal(60, ip.TotalLength);
        Assert.Equal(60, ip.Span.Length);
        Assert.Equal(40, ip.Payload.Length);
        Assert.Equal(IpProtocolNumbers.Tcp, ip.Protocol);
        Assert.Equal(64, ip.TimeToLive);
        Assert.Equal(0xC0A80001u, ip.SourceAddress);
        Assert.Equal(0xC0A80002u, ip.DestinationAddress);
        Assert.Equal(Hex.Parse("c0 a8 00 02"), ip.DestinationAddressBytes.ToArray());
        Assert.False(ip.IsFragment);
        Assert.Equal(0, InternetChecksum.Finish(InternetChecksum.Add(0, ip.Header))); // header checksum 9d22 verifies
    }

    [Theory]
    [InlineData(6, 0x20, 0x00, true)] // More Fragments
    [InlineData(6, 0x00, 0xB9, true)] // offset 185 (last fragment)
    [InlineData(6, 0x40, 0x00, false)] // DF only
    public void Ipv4Fragments(int index, byte high, byte low, bool fragment)
    {
        byte[] bytes = Hex.Parse(Ipv4Syn);
        bytes[index] = high;
        bytes[index + 1] = low;

        Assert.True(Ipv4Packet.TryParse(bytes, out Ipv4Packet ip));
        Assert.Equal(fragment, ip.IsFragment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("45 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00")] // 18 bytes
    [InlineData("65 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02")] // version 6 nibble
    [InlineData("44 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02")] // IHL 4
    [InlineData("46 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02")] // IHL 6 > total 20
    [InlineData("45 00 00 15 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02")] // total 21 > buffer 20
    [InlineData("45 00 00 13 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02")] // total 19 < IHL
    public void InvalidIpv4(string hex)
    {
        Assert.False(Ipv4Packet.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void Ipv6Fields()
    {
        byte[] bytes = Hex.Parse(Ipv6Syn);

        Assert.Equal(6, IpPacket.GetVersion(bytes));
        Assert.True(Ipv6Packet.TryParse(bytes, out Ipv6Packet ip));
        Assert.Equal(28, ip.PayloadLength);
        Assert.Equal(68, ip.TotalLength);
        Assert.Equal(IpProtocolNumbers.Tcp, ip.NextHeader);
        Assert.Equal(64, ip.HopLimit);
        Assert.Equal(PacketBuilder.Source6, ip.SourceAddress.ToArray());
        Assert.Equal(PacketBuilder.Destination6, ip.DestinationAddress.ToArray());
        Assert.Equal(28, ip.Payload.Length);
    }

    [Fact]
    public void InvalidIpv6()
    {
        byte[] bytes = Hex.Parse(Ipv6Syn);
        Assert.False(Ipv6Packet.TryParse(bytes.AsSpan(0, 39), out _));
        Assert.False(Ipv6Packet.TryParse(bytes.AsSpan(0, 67), out _)); // payload length says 28
        bytes[0] = 0x40;
        Assert.False(Ipv6Packet.TryParse(bytes, out _));
        Assert.Equal(0, IpPacket.GetVersion([]));
    }

    [Fact]
    public void ChecksumMatchesRfc1071Example()
    {
        // RFC 1071 §3: the one's complement sum of 00 01 f2 03 f4 f5 f6 f7 is ddf2.
        uint sum = InternetChecksum.Add(0, Hex.Parse("00 01 f2 03 f4 f5 f6 f7"));
        Assert.Equal(0xDDF2u, sum);
        Assert.Equal(0x220D, InternetChecksum.Finish(sum));
        Assert.Equal(InternetChecksum.Add(0, Hex.Parse("ab cd 12 00")), InternetChecksum.Add(0, Hex.Parse("ab cd 12")));
    }
}
