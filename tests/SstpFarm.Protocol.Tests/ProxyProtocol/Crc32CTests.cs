using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Protocol.Tests.ProxyProtocol;

public sealed class Crc32CTests
{
    [Fact]
    public void CheckValue() => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void Rfc3720Vectors()
    {
        // RFC 3720 Appendix B.4 (iSCSI uses the same CRC32C as RFC 4960 / PROXY v2).
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void TableMatchesBitwiseDefinitionAndChunksCompose()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Zip(Gen.Choose(0, 1000))), t =>
        {
            (byte[] data, int cut) = t;
            cut = data.Length == 0 ? 0 : cut % (data.Length + 1);
            uint chunked = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Start, data.AsSpan(0, cut)), data.AsSpan(cut)));
            return Crc32C.Compute(data) == Bitwise(data) && chunked == Bitwise(data);
        }).QuickCheckThrowOnFailure();
    }

    private static uint Bitwise(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
