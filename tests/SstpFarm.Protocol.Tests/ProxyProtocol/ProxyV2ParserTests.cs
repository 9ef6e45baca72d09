using System.Buffers;
using System.Net;
using SstpFarm.Protocol.ProxyProtocol;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.ProxyProtocol;

public sealed class ProxyV2ParserTests
{
    private const string Signature = "0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A";

    internal static (OperationStatus Status, ProxyHeader? Header, int Consumed, ProxyProtocolError Error) Parse(byte[] input, ProxyProtocolLimits? limits = null)
    {
        OperationStatus status = ProxyProtocolParser.Parse(input, limits ?? new ProxyProtocolLimits(), out ProxyHeader? header, out int consumed, out ProxyProtocolError error);
        return (status, header, consumed, error);
    }

    [Fact]
    public void HaproxyIpv4HeaderIs28BytesAndTheClientHelloIsKept()
    {
        // send-proxy-v2 from 192.168.0.1:56324 to 192.168.0.11:443, followed by a ClientHello start.
        byte[] input = Hex.Parse(Signature + "21 11 00 0C  C0 A8 00 01  C0 A8 00 0B  DC 04  01 BB  16 03 01 02 00");

        var (status, header, consumed, error) = Parse(input);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(ProxyProtocolError.None, error);
        Assert.Equal(28, consumed);
        Assert.Equal(Hex.Parse("16 03 01 02 00"), input[consumed..]);
        Assert.Equal(2, header!.Version);
        Assert.Equal(ProxyCommand.PROXY, header.Command);
        Assert.Equal(ProxyAddressFamily.AF_INET, header.Family);
        Assert.Equal(ProxyTransportProtocol.STREAM, header.Transport);
        Assert.Equal(IPEndPoint.Parse("192.168.0.1:56324"), header.Source);
        Assert.Equal(IPEndPoint.Parse("192.168.0.11:443"), header.Destination);
        Assert.False(header.ChecksumVerified);
    }

    [Fact]
    public void Ipv6AndUdp()
    {
        byte[] input = Hex.Parse(Signature + "21 22 00 24"
            + "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 01"
            + "20 01 0D B8 00 00 00 00 00 00 00 00 00 00 00 02"
            + "C3 50 11 94");

        var (status, header, consumed, _) = Parse(input);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(52, consumed);
        Assert.Equal(ProxyAddressFamily.AF_INET6, header!.Family);
        Assert.Equal(ProxyTransportProtocol.DGRAM, header.Transport);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:50000"), header.Source);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::2]:4500"), header.Destination);
    }

    [Fact]
    public void UnixAddressesAreReadUpToTheNul()
    {
        byte[] block = new byte[216];
        "/run/haproxy.sock"u8.CopyTo(block);
        "/run/sstpfarm.sock"u8.CopyTo(block.AsSpan(108));
        byte[] input = [.. Hex.Parse(Signature + "21 31 00 D8"), .. block];

        var (status, header, consumed, _) = Parse(input);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(232, consumed);
        Assert.Null(header!.Source);
        Assert.Equal("/run/haproxy.sock", header.SourceUnixPath);
        Assert.Equal("/run/sstpfarm.sock", header.DestinationUnixPath);
    }

    [Theory]
    [InlineData(Signature + "20 00 00 00", 16)] // health check: LOCAL, AF_UNSPEC, no addresses
    [InlineData(Signature + "20 11 00 0C C0 A8 00 01 C0 A8 00 0B DC 04 01 BB", 28)] // LOCAL with addresses: skipped
    [InlineData(Signature + "20 FF 00 03 01 02 03", 19)] // LOCAL: "the family is ignored"
    public void LocalUsesTheRealEndpoints(string hex, int length)
    {
        var (status, header, consumed, _) = Parse(Hex.Parse(hex));

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(length, consumed);
        Assert.Equal(ProxyCommand.LOCAL, header!.Command);
        Assert.Null(header.Source);
        Assert.Null(header.Destination);
    }

    [Fact]
    public void UnspecFamilyWithProxyCommandCarriesNoAddressesButTlvs()
    {
        // HAProxy writes AF_UNSPEC with an empty address block and puts any TLVs right after it.
        var (status, header, consumed, _) = Parse(Hex.Parse(Signature + "21 00 00 06 02 00 03 76 70 6E"));

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(22, consumed);
        Assert.Equal(ProxyAddressFamily.AF_UNSPEC, header!.Family);
        Assert.Null(header.Source);
        Assert.Equal("vpn", header.Authority);
    }

    [Fact]
    public void RegisteredTlvsAreRead()
    {
        byte[] input = Hex.Parse(Signature + "21 11 00 84  7F 00 00 01  7F 00 00 02  30 39  01 BB"
            + "01 00 08 68 74 74 70 2F 31 2E 31" // ALPN "http/1.1"
            + "02 00 0F 76 70 6E 2E 65 78 61 6D 70 6C 65 2E 63 6F 6D" // AUTHORITY "vpn.example.com"
            + "04 00 02 00 00" // NOOP
            + "05 00 04 DE AD BE EF" // UNIQUE_ID
            + "E5 00 01 42" // custom range: ignored
            + "30 00 04 62 6C 75 65" // NETNS "blue"
            + "20 00 41 07 00 00 00 00" // SSL: client = SSL|CERT_CONN|CERT_SESS, verify 0
            + "   21 00 07 54 4C 53 76 31 2E 33" // VERSION "TLSv1.3"
            + "   22 00 06 63 6C 69 65 6E 74" // CN "client"
            + "   23 00 16 54 4C 53 5F 41 45 53 5F 31 32 38 5F 47 43 4D 5F 53 48 41 32 35 36" // CIPHER
            + "   24 00 0A 52 53 41 2D 53 48 41 32 35 36" // SIG_ALG "RSA-SHA256"
            + "   04 00 00"); // NOOP inside SSL: ignored
        // KEY_ALG is absent: stays null.

        var (status, header, consumed, error) = Parse(input);

        Assert.Equal(ProxyProtocolError.None, error);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(input.Length, consumed);
        Assert.Equal("http/1.1", header!.Alpn);
        Assert.Equal("vpn.example.com", header.Authority);
        Assert.Equal(Hex.Parse("DE AD BE EF"), header.UniqueId);
        Assert.Equal("blue", header.NetworkNamespace);
        ProxySslInfo ssl = header.Ssl!;
        Assert.Equal(Pp2ClientFlags.PP2_CLIENT_SSL | Pp2ClientFlags.PP2_CLIENT_CERT_CONN | Pp2ClientFlags.PP2_CLIENT_CERT_SESS, ssl.Client);
        Assert.Equal(0u, ssl.Verify);
        Assert.Equal("TLSv1.3", ssl.Version);
        Assert.Equal("client", ssl.CommonName);
        Assert.Equal("TLS_AES_128_GCM_SHA256", ssl.Cipher);
        Assert.Equal("RSA-SHA256", ssl.SignatureAlgorithm);
        Assert.Null(ssl.KeyAlgorithm);
    }

    [Fact]
    public void Crc32cIsVerified()
    {
        // Header with PP2_TYPE_CRC32C; the checksum below was computed over the header with the field zeroed.
        byte[] zeroed = Hex.Parse(Signature + "21 11 00 13  0A 00 00 01  0A 00 00 02  D4 31  01 BB  03 00 04 00 00 00 00");
        uint crc = Crc32C.Compute(zeroed);
        byte[] input = [.. zeroed[..^4], (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];

        var (status, header, _, _) = Parse(input);
        Assert.Equal(OperationStatus.Done, status);
        Assert.True(header!.ChecksumVerified);

        input[17] ^= 0x01; // the source address changed in transit
        var (badStatus, badHeader, badConsumed, error) = Parse(input);
        Assert.Equal(OperationStatus.InvalidData, badStatus);
        Assert.Equal(ProxyProtocolError.ChecksumMismatch, error);
        Assert.Null(badHeader);
        Assert.Equal(0, badConsumed);
    }

    [Theory]
    [InlineData(Signature + "11 11 00 0C", ProxyProtocolError.UnsupportedVersion)]
    [InlineData(Signature + "31 11 00 0C", ProxyProtocolError.UnsupportedVersion)]
    [InlineData(Signature + "22 11 00 0C", ProxyProtocolError.UnsupportedCommand)]
    [InlineData(Signature + "2F", ProxyProtocolError.UnsupportedCommand)]
    [InlineData(Signature + "21 13 00 0C C0 A8 00 01 C0 A8 00 0B DC 04 01 BB", ProxyProtocolError.UnsupportedAddressFamily)]
    [InlineData(Signature + "21 10 00 0C C0 A8 00 01 C0 A8 00 0B DC 04 01 BB", ProxyProtocolError.UnsupportedAddressFamily)]
    [InlineData(Signature + "21 41 00 00", ProxyProtocolError.UnsupportedAddressFamily)]
    [InlineData(Signature + "21 11 00 08 C0 A8 00 01 C0 A8 00 0B", ProxyProtocolError.AddressBlockTruncated)]
    [InlineData(Signature + "21 21 00 0C C0 A8 00 01 C0 A8 00 0B DC 04 01 BB", ProxyProtocolError.AddressBlockTruncated)]
    [InlineData(Signature + "21 11 04 01", ProxyProtocolError.HeaderTooLarge)]
    [InlineData(Signature + "21 11 FF FF", ProxyProtocolError.HeaderTooLarge)]
    [InlineData(Signature + "21 11 00 0E C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 01 00", ProxyProtocolError.InvalidTlv)]
    [InlineData(Signature + "21 11 00 10 C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 01 00 05 41", ProxyProtocolError.InvalidTlv)]
    [InlineData(Signature + "21 11 00 12 C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 03 00 03 00 00 00", ProxyProtocolError.InvalidTlv)]
    [InlineData(Signature + "21 11 00 13 C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 20 00 04 01 00 00 00", ProxyProtocolError.InvalidTlv)]
    [InlineData(Signature + "21 11 00 16 C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 20 00 07 01 00 00 00 00 21 00", ProxyProtocolError.InvalidTlv)]
    [InlineData(Signature + "21 11 00 14 C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 02 00 01 61 02 00 01 62", ProxyProtocolError.DuplicateTlv)]
    [InlineData(Signature + "21 11 00 14 C0 A8 00 01 C0 A8 00 0B DC 04 01 BB 30 00 01 61 30 00 01 62", ProxyProtocolError.DuplicateTlv)]
    public void InvalidV2Headers(string hex, ProxyProtocolError expected)
    {
        var (status, header, consumed, error) = Parse(Hex.Parse(hex));

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(expected, error);
        Assert.Null(header);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void UniqueIdIsCappedAt128Bytes()
    {
        byte[] Header(int idLength) =>
            [.. Hex.Parse(Signature + "21 00"), 0, (byte)(3 + idLength), 0x05, 0, (byte)idLength, .. new byte[idLength]];

        Assert.Equal(128, Parse(Header(128)).Header!.UniqueId!.Length);
        Assert.Equal(ProxyProtocolError.InvalidTlv, Parse(Header(129)).Error);
    }

    [Fact]
    public void LimitIsAppliedBeforeWaitingForTheBody()
    {
        var limits = new ProxyProtocolLimits { MaxHeaderBytes = 300 };
        byte[] preamble = Hex.Parse(Signature + "21 11 01 1D"); // 16 + 285 = 301 bytes announced

        Assert.Equal(ProxyProtocolError.HeaderTooLarge, Parse(preamble, limits).Error);
        Assert.Equal(OperationStatus.NeedMoreData, Parse(Hex.Parse(Signature + "21 11 01 1C"), limits).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxHeaderBytes = 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxHeaderBytes = 70_000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0D")]
    [InlineData("0D 0A 0D 0A 00 0D 0A 51 55 49 54")]
    [InlineData("0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A 21 11 00")]
    [InlineData("0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A 21 11 00 0C C0 A8 00 01 C0 A8 00 0B DC 04 01")]
    public void PartialHeadersNeedMoreData(string hex)
    {
        var (status, header, consumed, error) = Parse(Hex.Parse(hex));

        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.Null(header);
        Assert.Equal(0, consumed);
        Assert.Equal(ProxyProtocolError.None, error);
    }

    [Theory]
    [InlineData("0D 0A 0D 0A 01")]
    [InlineData("16 03 01")] // TLS straight to a PROXY listener
    [InlineData("53 53 54 50")] // "SSTP"
    [InlineData("00")]
    public void AnythingElseIsNotProxyProtocol(string hex)
    {
        var (status, _, _, error) = Parse(Hex.Parse(hex));

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(ProxyProtocolError.NotProxyProtocol, error);
    }
}
