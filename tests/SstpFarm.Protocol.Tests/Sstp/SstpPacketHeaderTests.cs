using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

public sealed class SstpPacketHeaderTests
{
    [Theory]
    [InlineData("10 01 00 0E", true, 14)] // Call Connect Request, MS-SSTP §4.7
    [InlineData("10 01 00 70", true, 112)] // Call Connected
    [InlineData("10 00 00 12", false, 18)] // IPCP Conf-Req data packet (test-vectors §7)
    [InlineData("10 00 0F FF", false, 4095)]
    [InlineData("10 00 00 04", false, 4)]
    public void ReadsSpecHeaders(string hex, bool isControl, int length)
    {
        Assert.Equal(OperationStatus.Done, SstpPacketHeader.TryRead(Hex.Parse(hex), out SstpPacketHeader header));
        Assert.Equal(isControl, header.IsControl);
        Assert.Equal(length, header.PacketLength);
    }

    [Theory]
    [InlineData("10 FF F0 14", true, 20)] // reserved bits and R nibble set: ignored
    [InlineData("10 FE A0 08", false, 8)]
    public void MasksReservedBitsOnReceive(string hex, bool isControl, int length)
    {
        Assert.Equal(OperationStatus.Done, SstpPacketHeader.TryRead(Hex.Parse(hex), out SstpPacketHeader header));
        Assert.Equal(new SstpPacketHeader(isControl, length), header);
    }

    [Theory]
    [InlineData("11 01 00 08")] // version 1.1
    [InlineData("00 01 00 08")]
    [InlineData("10 01 00 03")] // length below the header
    [InlineData("10 01 00 00")]
    [InlineData("10 01 F0 02")] // R bits do not rescue a short length
    [InlineData("16 03 01 00")] // a TLS record where SSTP was expected
    public void RejectsDelineationFailures(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, SstpPacketHeader.TryRead(Hex.Parse(hex), out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10 01 00")]
    public void NeedsFourBytes(string hex)
    {
        Assert.Equal(OperationStatus.NeedMoreData, SstpPacketHeader.TryRead(Hex.Parse(hex), out _));
    }

    [Fact]
    public void TryReadPacketWaitsForTheWholeBody()
    {
        byte[] echo = Hex.Parse("10 01 00 08 00 08 00 00");
        Assert.Equal(OperationStatus.NeedMoreData, SstpPacketHeader.TryReadPacket(echo.AsSpan(0, 7), out SstpPacketHeader header, out _));
        Assert.Equal(8, header.PacketLength); // a reader learns how much to wait for

        byte[] withNext = [.. echo, 0x10, 0x01];
        Assert.Equal(OperationStatus.Done, SstpPacketHeader.TryReadPacket(withNext, out _, out ReadOnlySpan<byte> packet));
        Assert.Equal(echo, packet.ToArray());
    }

    [Fact]
    public void ReadsHeaderSplitAcrossSequenceSegments()
    {
        var first = new Segment(new byte[] { 0x10, 0x01 });
        Segment last = first.Append(new byte[] { 0x00, 0x0E, 0x00 });
        var sequence = new ReadOnlySequence<byte>(first, 0, last, 3);

        Assert.Equal(OperationStatus.Done, SstpPacketHeader.TryRead(sequence, out SstpPacketHeader header));
        Assert.Equal(new SstpPacketHeader(true, 14), header);
        Assert.Equal(OperationStatus.NeedMoreData, SstpPacketHeader.TryRead(sequence.Slice(0, 3), out _));
    }

    [Fact]
    public void WritesControlHeaderWithZeroReservedBits()
    {
        byte[] buffer = [0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Equal(4, SstpPacketHeader.WriteControlHeader(buffer, 0x030));
        Assert.Equal(Hex.Parse("10 01 00 30"), buffer);
    }

    [Fact]
    public void WritesDataHeaderInPlaceInFrontOfTheFrame()
    {
        // test-vectors.md §7: IPCP Configure-Request 172.23.24.14 as captured.
        byte[] expected = Hex.Parse("10 00 00 12 FF 03 80 21 01 01 00 0A 03 06 AC 17 18 0E");
        byte[] buffer = new byte[32];
        buffer.AsSpan(0, 4).Fill(0xEE);
        expected.AsSpan(4).CopyTo(buffer.AsSpan(SstpDataPacket.Headroom));

        int length = SstpDataPacket.WriteHeaderInPlace(buffer, 14);

        Assert.Equal(18, length);
        Assert.Equal(expected, buffer[..length]);
        Assert.Equal(OperationStatus.Done, SstpDataPacket.TryGetPppFrame(buffer.AsSpan(0, length), out ReadOnlySpan<byte> frame));
        Assert.Equal(expected[4..], frame.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4092)]
    public void RefusesFramesThatDoNotFit(int frameLength)
    {
        Assert.Equal(0, SstpDataPacket.WriteHeaderInPlace(new byte[5000], frameLength));
    }

    [Fact]
    public void LargestFrameFits()
    {
        byte[] buffer = new byte[4095];
        Assert.Equal(4095, SstpDataPacket.WriteHeaderInPlace(buffer, 4091));
        Assert.Equal(Hex.Parse("10 00 0F FF"), buffer[..4]);
        Assert.Equal(0, SstpDataPacket.WriteHeaderInPlace(buffer.AsSpan(0, 100), 97));
    }

    [Fact]
    public void ControlPacketIsNotADataFrame()
    {
        Assert.Equal(OperationStatus.InvalidData, SstpDataPacket.TryGetPppFrame(Hex.Parse("10 01 00 08 00 08 00 00"), out _));
        Assert.Equal(OperationStatus.InvalidData, SstpDataPacket.TryGetPppFrame(Hex.Parse("10 00 00 04"), out _));
    }

    [Fact]
    public void HeaderRoundTrips()
    {
        Gen<(bool, int)> headers = Gen.Zip(Gen.Elements(true, false), Gen.Choose(4, 4095));
        Prop.ForAll(Arb.From(headers), t =>
        {
            var header = new SstpPacketHeader(t.Item1, t.Item2);
            byte[] bytes = new byte[4];
            header.WriteTo(bytes);
            return SstpPacketHeader.TryRead(bytes, out SstpPacketHeader read) == OperationStatus.Done
                && read == header
                && (bytes[1] & 0xFE) == 0
                && (bytes[2] & 0xF0) == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomInputGivesOnlyDocumentedOutcomes()
    {
        Prop.ForAll(Arb.From(SstpGenerators.SstpLikeBytes), bytes =>
        {
            OperationStatus status = SstpPacketHeader.TryReadPacket(bytes, out SstpPacketHeader header, out ReadOnlySpan<byte> packet);
            return status switch
            {
                OperationStatus.Done => packet.Length == header.PacketLength && header.PacketLength <= bytes.Length,
                OperationStatus.NeedMoreData => bytes.Length < 4 || bytes.Length < header.PacketLength,
                OperationStatus.InvalidData => bytes[0] != 0x10 || (((bytes[2] & 0x0F) << 8) | bytes[3]) < 4,
                _ => false,
            };
        }).QuickCheckThrowOnFailure();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory) => Memory = memory;

        public Segment Append(byte[] memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
