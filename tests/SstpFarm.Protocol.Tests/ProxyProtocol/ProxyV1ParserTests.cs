using System.Buffers;
using System.Net;
using System.Text;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Protocol.Tests.ProxyProtocol;

public sealed class ProxyV1ParserTests
{
    private static (OperationStatus Status, ProxyHeader? Header, int Consumed, ProxyProtocolError Error) Parse(string text) =>
        ProxyV2ParserTests.Parse(Encoding.Latin1.GetBytes(text));

    [Theory]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n", "192.168.0.1:56324", "192.168.0.11:443")]
    [InlineData("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n", "255.255.255.255:65535", "255.255.255.255:65535")]
    [InlineData("PROXY TCP4 0.0.0.0 10.0.0.1 0 1\r\n", "0.0.0.0:0", "10.0.0.1:1")]
    [InlineData("PROXY TCP6 2001:db8::1 2001:DB8::2 50000 443\r\n", "[2001:db8::1]:50000", "[2001:db8::2]:443")]
    [InlineData("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n", "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535")]
    public void SpecExamples(string line, string source, string destination)
    {
        var (status, header, consumed, error) = Parse(line + "\u0016\u0003\u0001");

        Assert.Equal(ProxyProtocolError.None, error);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(line.Length, consumed);
        Assert.Equal(1, header!.Version);
        Assert.Equal(ProxyCommand.PROXY, header.Command);
        Assert.Equal(ProxyTransportProtocol.STREAM, header.Transport);
        Assert.Equal(IPEndPoint.Parse(source), header.Source);
        Assert.Equal(IPEndPoint.Parse(destination), header.Destination);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n")] // 107 bytes
    [InlineData("PROXY UNKNOWN whatever follows\r\n")]
    public void UnknownMeansUseTheRealEndpoints(string line)
    {
        var (status, header, consumed, _) = Parse(line);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(line.Length, consumed);
        Assert.Equal(ProxyAddressFamily.AF_UNSPEC, header!.Family);
        Assert.Null(header.Source);
    }

    [Theory]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1  192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 \r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n")]
    [InlineData("PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 0443\r\n")]
    [InlineData("PROXY TCP4 256.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1.5 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 65536 443\r\n")]
    [InlineData("PROXY TCP4 2001:db8::1 2001:db8::2 1 2\r\n")]
    [InlineData("PROXY TCP6 192.168.0.1 192.168.0.11 1 2\r\n")]
    [InlineData("PROXY TCP6 fe80::1%eth0 fe80::2 1 2\r\n")]
    [InlineData("PROXY TCP6 2001:db8:::1 2001:db8::2 1 2\r\n")]
    [InlineData("PROXY tcp4 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY UDP4 192.168.0.1 192.168.0.11 56324 443\r\n")]
    [InlineData("PROXY UNKNOWNX\r\n")]
    [InlineData("PROXY \r\n")]
    [InlineData("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\u0000\r\n")]
    [InlineData("PROXY TCP4 192.168.0.1\r192.168.0.11 56324 443\r\n")]
    public void InvalidV1Lines(string text)
    {
        var (status, header, consumed, error) = Parse(text);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(ProxyProtocolError.InvalidV1Header, error);
        Assert.Null(header);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void NoCrlfWithin107BytesIsInvalid()
    {
        string line = "PROXY UNKNOWN " + new string('f', 200);

        Assert.Equal(OperationStatus.NeedMoreData, Parse(line[..106]).Status);
        Assert.Equal(ProxyProtocolError.InvalidV1Header, Parse(line[..107]).Error);
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\n")]
    [InlineData("PROXZ")]
    [InlineData("PROXY\r\n")]
    public void OtherTextIsNotProxyProtocol(string text)
    {
        Assert.Equal(ProxyProtocolError.NotProxyProtocol, Parse(text).Error);
    }
}
