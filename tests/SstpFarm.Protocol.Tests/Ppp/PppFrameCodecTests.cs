using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

public sealed class PppFrameCodecTests
{
    private const string PppdLcpRequest = "FF 03 C0 21 01 01 00 18 01 04 05 78 02 06 00 00 00 00 05 06 37 67 24 C2 07 02 08 02";

    [Fact]
    public void DecodesPppdLcpRequest()
    {
        byte[] frame = Hex.Parse(PppdLcpRequest); // test-vectors.md §7

        Assert.Equal(OperationStatus.Done, PppFrameCodec.TryDecode(frame, out PppFrame decoded));
        Assert.Equal(PppProtocol.Lcp, decoded.Protocol);
        Assert.Equal(4, decoded.HeaderLength);
        Assert.Equal(24, decoded.Information.Length);
    }

    [Fact]
    public void DecodesIpcpRequestFromSstpDataPacket()
    {
        byte[] sstp = Hex.Parse("10 00 00 12 FF 03 80 21 01 01 00 0A 03 06 AC 17 18 0E"); // test-vectors.md §7

        Assert.Equal(OperationStatus.Done, PppFrameCodec.TryDecode(sstp.AsSpan(4), out PppFrame decoded));
        Assert.Equal(PppProtocol.Ipcp, decoded.Protocol);
        Assert.Equal("01 01 00 0A 03 06 AC 17 18 0E".Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(), Hex.Format(decoded.Information));
    }

    [Theory]
    [InlineData("FF 03 00 21 45 00", 0x0021, 4)]
    [InlineData("FF 03 21 45 00", 0x0021, 3)]
    [InlineData("00 21 45 00", 0x0021, 2)]
    [InlineData("21 45 00", 0x0021, 1)]
    [InlineData("57 60 00", 0x0057, 1)]
    [InlineData("C0 21 09 01 00 08", 0xC021, 2)]
    [InlineData("FF 03 80 FD", 0x80FD, 4)]
    public void DecodesCompressedForms(string hex, int protocol, int headerLength)
    {
        byte[] frame = Hex.Parse(hex);

        Assert.Equal(OperationStatus.Done, PppFrameCodec.TryDecode(frame, out PppFrame decoded));
        Assert.Equal(protocol, decoded.Protocol);
        Assert.Equal(headerLength, decoded.HeaderLength);
        Assert.Equal(frame.Length - headerLength, decoded.Information.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FF")]
    [InlineData("FF 03")]
    [InlineData("FF 04 C0 21")]
    [InlineData("C0")]
    [InlineData("C0 20 01")]
    [InlineData("FF 03 00 20")]
    public void RejectsMalformedFrames(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, PppFrameCodec.TryDecode(Hex.Parse(hex), out _));
    }

    [Fact]
    public void PrependsHeaderInPlace()
    {
        byte[] buffer = new byte[10];
        buffer[6] = 0x45;
        buffer[7] = 0x00;

        int start = PppFrameCodec.PrependHeader(buffer, 6, PppProtocol.Ipv4);

        Assert.Equal(2, start);
        Assert.Equal("ff0300214500", Hex.Format(buffer.AsSpan(2, 6)));
    }

    [Fact]
    public void PrependWithoutHeadroomThrows()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PppFrameCodec.PrependHeader(new byte[8], 3, PppProtocol.Ipv4));
    }

    [Fact]
    public void EncodesSuggestedServerLcpRequest()
    {
        // test-vectors.md §7: the SSTP-wrapped server request, without its 4-byte SSTP header.
        byte[] expected = Hex.Parse("FF 03 C0 21 01 01 00 13 01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44");
        byte[] options = Hex.Parse("01 04 05 78 03 05 C2 23 81 05 06 11 22 33 44");
        byte[] packet = new byte[4 + options.Length];
        PppControlPacket.Write(packet, (byte)PppCode.ConfigureRequest, 1, options);
        byte[] frame = new byte[64];

        int length = PppFrameCodec.Encode(frame, PppProtocol.Lcp, packet);

        Assert.Equal(Hex.Format(expected), Hex.Format(frame.AsSpan(0, length)));
    }

    [Theory]
    [InlineData(PppProtocol.Ipv4, true, false)]
    [InlineData(PppProtocol.Ipv6, true, false)]
    [InlineData(PppProtocol.Multilink, true, false)]
    [InlineData(0x4021, false, false)]
    [InlineData(PppProtocol.Ipcp, false, true)]
    [InlineData(PppProtocol.Ccp, false, true)]
    [InlineData(PppProtocol.Lcp, false, true)]
    [InlineData(PppProtocol.Eap, false, true)]
    public void ClassifiesProtocols(ushort protocol, bool data, bool control)
    {
        Assert.Equal(data, PppProtocol.IsNetworkData(protocol));
        Assert.Equal(control, PppProtocol.IsControl(protocol));
        Assert.True(PppProtocol.IsWellFormed(protocol));
    }

    [Fact]
    public void RoundTripsEveryWellFormedProtocol()
    {
        Gen<ushort> protocols = ArbMap.Default.GeneratorFor<ushort>().Select(p => (ushort)((p & 0xFEFF) | 1));
        Prop.ForAll(Arb.From(protocols), ArbMap.Default.ArbFor<byte[]>(), (protocol, information) =>
        {
            byte[] frame = new byte[PppFrameCodec.HeaderLength + information.Length];
            PppFrameCodec.Encode(frame, protocol, information);
            return PppFrameCodec.TryDecode(frame, out PppFrame decoded) == OperationStatus.Done
                && decoded.Protocol == protocol
                && decoded.Information.SequenceEqual(information);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArbitraryBytesNeverThrow()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            OperationStatus status = PppFrameCodec.TryDecode(bytes, out PppFrame decoded);
            return status == OperationStatus.InvalidData
                || (status == OperationStatus.Done && decoded.HeaderLength + decoded.Information.Length == bytes.Length
                    && PppProtocol.IsWellFormed(decoded.Protocol));
        }).QuickCheckThrowOnFailure();
    }
}
