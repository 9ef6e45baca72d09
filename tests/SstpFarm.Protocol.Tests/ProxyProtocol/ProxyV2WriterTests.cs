using System.Buffers;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.ProxyProtocol;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.ProxyProtocol;

public sealed class ProxyV2WriterTests
{
    [Fact]
    public void Ipv4HeaderMatchesWhatHaproxySends()
    {
        var buffer = new byte[64];

        int written = ProxyV2Writer.WriteProxy(buffer, IPEndPoint.Parse("192.168.0.1:56324"), IPEndPoint.Parse("192.168.0.11:443"));

        Assert.Equal(28, written);
        Assert.Equal("0d0a0d0a000d0a515549540a" + "2111000c" + "c0a80001c0a8000bdc0401bb", Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void LocalHeader()
    {
        var buffer = new byte[16];

        Assert.Equal(16, ProxyV2Writer.WriteLocal(buffer));
        Assert.Equal("0d0a0d0a000d0a515549540a" + "20000000", Hex.Format(buffer));
    }

    [Fact]
    public void CallerMistakesThrow()
    {
        var v4 = IPEndPoint.Parse("192.0.2.1:1");
        var v6 = IPEndPoint.Parse("[2001:db8::1]:1");
        Assert.Throws<ArgumentException>(() => ProxyV2Writer.WriteProxy(new byte[100], v4, v6));
        Assert.Throws<ArgumentException>(() => ProxyV2Writer.WriteProxy(new byte[27], v4, v4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProxyV2Writer.WriteProxy(new byte[100], v4, v4, transport: ProxyTransportProtocol.UNSPEC));
        Assert.Throws<ArgumentException>(() => ProxyV2Writer.WriteTlv(new byte[4], 1, new byte[2]));
        Assert.Throws<ArgumentException>(() => ProxyV2Writer.WriteProxy(new byte[70_000], v4, v4, new byte[65_530]));
    }

    private static Gen<IPEndPoint> EndPoints(bool v6) =>
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(v6 ? 16 : 4)
            .Zip(Gen.Choose(0, 65535))
            .Select(t => new IPEndPoint(new IPAddress(t.Item1), t.Item2));

    private static readonly Gen<byte[]> Tlvs =
        Gen.Elements<byte>(0x01, 0x02, 0x04, 0x05, 0x30, 0xE0, 0xEF, 0xF0)
            .Zip(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(v => v.Take(100).ToArray()))
            .ArrayOf()
            .Select(list =>
            {
                // Registered types other than NOOP may appear once; drop repeats.
                var seen = new HashSet<byte>();
                var bytes = new List<byte>();
                foreach ((byte type, byte[] value) in list)
                {
                    if (type == 0x04 || type >= 0xE0 || seen.Add(type))
                    {
                        bytes.AddRange([type, (byte)(value.Length >> 8), (byte)value.Length, .. value]);
                    }
                }

                return bytes.ToArray();
            });

    private static readonly Gen<(byte[] Header, IPEndPoint Source, bool Crc)> Written =
        Gen.Elements(false, true).SelectMany(v6 => EndPoints(v6).Zip(EndPoints(v6)))
            .Zip(Tlvs.Zip(Gen.Elements(false, true)))
            .Select(t =>
            {
                ((IPEndPoint source, IPEndPoint destination), (byte[] tlvs, bool crc)) = t;
                var buffer = new byte[ProxyV2Writer.GetLength(source.AddressFamily, tlvs.Length, crc)];
                int written = ProxyV2Writer.WriteProxy(buffer, source, destination, tlvs, crc);
                return (buffer[..written], source, crc);
            });

    internal static readonly Gen<byte[]> WrittenHeaders = Written.Select(w => w.Header);

    [Fact]
    public void WrittenHeadersParseBackAndEveryPrefixNeedsMoreData()
    {
        Prop.ForAll(Arb.From(Written.Where(w => w.Header.Length <= ProxyProtocolLimits.DefaultMaxHeaderBytes)), w =>
        {
            (byte[] header, IPEndPoint source, bool crc) = w;
            var limits = new ProxyProtocolLimits();
            byte[] withData = [.. header, 0x16, 0x03, 0x01];
            if (ProxyProtocolParser.Parse(withData, limits, out ProxyHeader? parsed, out int consumed, out _) != OperationStatus.Done
                || consumed != header.Length || parsed!.Source is null || parsed.Destination is null)
            {
                return false;
            }

            for (int length = 0; length < header.Length; length++)
            {
                if (ProxyProtocolParser.Parse(header.AsSpan(0, length), limits, out _, out _, out _) != OperationStatus.NeedMoreData)
                {
                    return false;
                }
            }

            return parsed.Source.Equals(source) && parsed.ChecksumVerified == crc;
        }).QuickCheckThrowOnFailure();
    }
}
