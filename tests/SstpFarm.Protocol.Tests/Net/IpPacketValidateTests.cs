using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Net;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Net;

/// <summary><see cref="IpPacket.Validate"/>: one header check for either version, with the reason a packet is refused.</summary>
public sealed class IpPacketValidateTests
{
    public static TheoryData<string, IpPacketStatus> Refused => new()
    {
        { "", IpPacketStatus.Malformed },
        { "45 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00", IpPacketStatus.Malformed }, // 18 bytes
        { "44 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02", IpPacketStatus.Malformed }, // IHL 4
        { "45 00 00 15 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02", IpPacketStatus.Malformed }, // total 21 > buffer 20
        { "45 00 00 13 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02", IpPacketStatus.Malformed }, // total 19 < IHL
        { "65 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02", IpPacketStatus.Malformed }, // version 6, 20 bytes
        { "55 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02", IpPacketStatus.UnsupportedVersion },
        { "05 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02", IpPacketStatus.UnsupportedVersion },
        { "f0", IpPacketStatus.UnsupportedVersion },
    };

    [Fact]
    public void Ipv4SetsTheIpv4View()
    {
        byte[] bytes = [.. Hex.Parse(IpPacketTests.Ipv4Syn), 0, 0]; // link padding stays outside the view

        Assert.Equal(IpPacketStatus.Ipv4, IpPacket.Validate(bytes, out Ipv4Packet ipv4, out Ipv6Packet ipv6));
        Assert.Equal(60, ipv4.TotalLength);
        Assert.Equal(0xC0A80001u, ipv4.SourceAddress);
        Assert.Equal(0xC0A80002u, ipv4.DestinationAddress);
        Assert.True(ipv6.Span.IsEmpty);
    }

    [Fact]
    public void Ipv6SetsTheIpv6ViewWithAddressesAsIntegers()
    {
        byte[] bytes = Hex.Parse(IpPacketTests.Ipv6Syn);

        Assert.Equal(IpPacketStatus.Ipv6, IpPacket.Validate(bytes, out Ipv4Packet ipv4, out Ipv6Packet ipv6));
        Assert.Equal(68, ipv6.TotalLength);
        Assert.Equal(new UInt128(0x20010DB8_00000000, 1), ipv6.SourceAddressValue);
        Assert.Equal(new UInt128(0x20010DB8_00000000, 2), ipv6.DestinationAddressValue);
        Assert.True(ipv4.Span.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void RefusedPacketsSayWhy(string hex, IpPacketStatus expected)
    {
        Assert.Equal(expected, IpPacket.Validate(Hex.Parse(hex), out Ipv4Packet ipv4, out Ipv6Packet ipv6));
        Assert.True(ipv4.Span.IsEmpty && ipv6.Span.IsEmpty);
    }

    [Fact]
    public void Ipv6PayloadLongerThanTheDataIsMalformed()
    {
        byte[] bytes = Hex.Parse(IpPacketTests.Ipv6Syn);
        Assert.Equal(IpPacketStatus.Malformed, IpPacket.Validate(bytes.AsSpan(0, 67), out _, out _));
        Assert.Equal(IpPacketStatus.Malformed, IpPacket.Validate(bytes.AsSpan(0, 39), out _, out _));
    }

    /// <summary>
    /// Random and mutated packets: never an exception, only the four documented outcomes, and each one
    /// agrees with the version nibble and with the view's own TryParse.
    /// </summary>
    [Fact]
    public void RandomAndMutatedBytesAgreeWithTheViews()
    {
        Gen<byte[]> arbitrary = Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf();
        Gen<byte[]> mutated =
            from valid in Gen.Elements(Hex.Parse(IpPacketTests.Ipv4Syn), Hex.Parse(IpPacketTests.Ipv6Syn))
            from cut in Gen.Choose(0, valid.Length)
            from edits in Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Choose(0, 255)).ArrayOf()
            select Mutate(valid, cut, edits);

        Prop.ForAll(Arb.From(Gen.OneOf(arbitrary, mutated)), bytes =>
        {
            IpPacketStatus status = IpPacket.Validate(bytes, out Ipv4Packet ipv4, out Ipv6Packet ipv6);
            int version = IpPacket.GetVersion(bytes);
            return status switch
            {
                IpPacketStatus.Ipv4 => version == 4 && Ipv4Packet.TryParse(bytes, out _) && ipv4.TotalLength <= bytes.Length,
                IpPacketStatus.Ipv6 => version == 6 && Ipv6Packet.TryParse(bytes, out _) && ipv6.TotalLength <= bytes.Length,
                IpPacketStatus.UnsupportedVersion => bytes.Length > 0 && version is not (4 or 6),
                IpPacketStatus.Malformed => !Ipv4Packet.TryParse(bytes, out _) && !Ipv6Packet.TryParse(bytes, out _)
                    && (bytes.Length == 0 || version is 4 or 6),
                _ => false,
            };
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Mutate(byte[] valid, int cut, (int Index, int Value)[] edits)
    {
        byte[] copy = valid[..cut];
        foreach ((int index, int value) in edits)
        {
            if (index < copy.Length)
            {
                copy[index] = (byte)value;
            }
        }

        return copy;
    }
}
