using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

public sealed class PppControlPacketTests
{
    [Fact]
    public void ParsesPppdLcpRequestOptions()
    {
        byte[] information = Hex.Parse("01 01 00 18 01 04 05 78 02 06 00 00 00 00 05 06 37 67 24 C2 07 02 08 02");

        Assert.Equal(OperationStatus.Done, PppControlPacket.TryParse(information, out PppControlPacket packet));
        Assert.Equal((byte)PppCode.ConfigureRequest, packet.Code);
        Assert.Equal(1, packet.Identifier);
        Assert.Equal(0x18, packet.Length);

        var types = new List<byte>();
        var reader = new PppOptionReader(packet.Data);
        while (reader.MoveNext())
        {
            types.Add(reader.Current.Type);
        }

        Assert.Equal(OperationStatus.Done, reader.Status);
        Assert.Equal([1, 2, 5, 7, 8], types);
    }

    [Fact]
    public void IgnoresPaddingBeyondLength()
    {
        byte[] information = Hex.Parse("09 07 00 08 00 00 00 00 AA BB CC");

        Assert.Equal(OperationStatus.Done, PppControlPacket.TryParse(information, out PppControlPacket packet));
        Assert.Equal(4, packet.Data.Length);
    }

    [Theory]
    [InlineData("01 01 00")]
    [InlineData("01 01 00 03")]
    [InlineData("01 01 00 00")]
    [InlineData("01 01 00 09 01 04 05 78")]
    public void RejectsBadLengths(string hex)
    {
        Assert.Equal(OperationStatus.InvalidData, PppControlPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Theory]
    [InlineData("01", false)]
    [InlineData("01 01", false)]
    [InlineData("01 05 00 00", false)]
    [InlineData("07 02 08 00", false)]
    [InlineData("07 02 08 02", true)]
    [InlineData("", true)]
    public void ValidatesOptionLists(string hex, bool valid)
    {
        Assert.Equal(valid ? OperationStatus.Done : OperationStatus.InvalidData, PppOptionReader.Validate(Hex.Parse(hex)));
    }

    [Fact]
    public void RoundTripsPackets()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte>(), ArbMap.Default.ArbFor<byte>(), ArbMap.Default.ArbFor<byte[]>(), (code, id, data) =>
        {
            byte[] buffer = new byte[PppControlPacket.HeaderLength + data.Length + 3];
            int length = PppControlPacket.Write(buffer, code, id, data);
            return length == 4 + data.Length
                && PppControlPacket.TryParse(buffer, out PppControlPacket packet) == OperationStatus.Done
                && packet.Code == code && packet.Identifier == id && packet.Data.SequenceEqual(data);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArbitraryBytesNeverThrow()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            if (PppControlPacket.TryParse(bytes, out PppControlPacket packet) != OperationStatus.Done)
            {
                return bytes.Length < 4 || (bytes[2] << 8 | bytes[3]) < 4 || (bytes[2] << 8 | bytes[3]) > bytes.Length;
            }

            var reader = new PppOptionReader(packet.Data);
            int total = 0;
            while (reader.MoveNext())
            {
                total += reader.Current.Raw.Length;
            }

            return reader.Status == OperationStatus.Done ? total == packet.Data.Length : total < packet.Data.Length;
        }).QuickCheckThrowOnFailure();
    }
}
