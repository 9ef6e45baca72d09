using System.Buffers;
using SstpFarm.Protocol.Sstp.Http;
using static SstpFarm.Protocol.Tests.Http.HttpVectors;

namespace SstpFarm.Protocol.Tests.Http;

public sealed class SstpHttpRequestParserTests
{
    private static (OperationStatus Status, int Consumed, SstpHttpRequestParser Parser) Parse(string text, SstpHttpLimits? limits = null) =>
        Parse(Bytes(text), limits);

    private static (OperationStatus Status, int Consumed, SstpHttpRequestParser Parser) Parse(byte[] bytes, SstpHttpLimits? limits = null)
    {
        var parser = new SstpHttpRequestParser(limits ?? new SstpHttpLimits());
        OperationStatus status = parser.Parse(bytes, out int consumed);
        return (status, consumed, parser);
    }

    [Theory]
    [InlineData(Windows, "vpn.example.com", "{6F5F3A1C-9B2D-4E7A-8C1D-2B3A4C5D6E7F}")]
    [InlineData(Sstpc, "vpn.example.com:443", "{41C6-7B-2E-1F0A}")]
    [InlineData(Kittoku, "vpn.example.com", "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}")]
    [InlineData(BracelessUuid, "192.0.2.10", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public void RealClientRequestsAreSstp(string text, string host, string correlationId)
    {
        var (status, consumed, parser) = Parse(text);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(text.Length, consumed);
        SstpHttpRequest request = parser.Request!;
        Assert.Equal(SstpHttpRequestKind.SstpDuplexPost, request.Kind);
        Assert.Equal(SstpHttpConstants.Method, request.Method);
        Assert.Equal(SstpHttpConstants.Path, request.Target);
        Assert.Equal("HTTP/1.1", request.Version);
        Assert.Equal(host, request.Host);
        Assert.Equal(ulong.MaxValue, request.ContentLength);
        Assert.Equal(correlationId, request.CorrelationId);
        Assert.Null(request.Cookie);
        Assert.Equal(SstpHttpRequestError.None, parser.Error);
    }

    [Fact]
    public void PipelinedSstpBytesAreNotConsumed()
    {
        byte[] input = [.. Bytes(Sstpc), .. CallConnectRequest];

        var (status, consumed, _) = Parse(input);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(CallConnectRequest, input[consumed..]);
    }

    [Theory]
    [InlineData("/sra_{ba195980-cd49-458B-9e23-c84ee0adcd75}/")]
    [InlineData("/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/?tenantid=contoso")]
    [InlineData("/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/?")]
    public void GuidCaseAndTenantQueryAreIgnored(string target)
    {
        var (status, _, parser) = Parse($"SSTP_DUPLEX_POST {target} HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(SstpHttpRequestKind.SstpDuplexPost, parser.Request!.Kind);
        Assert.Equal(SstpHttpConstants.Path, parser.Request.Target);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1", "GET", "/", "HTTP/1.1")]
    [InlineData("GET / HTTP/1.0", "GET", "/", "HTTP/1.0")]
    [InlineData("GET /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1", "GET", "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/", "HTTP/1.1")]
    [InlineData("sstp_duplex_post /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1", "sstp_duplex_post", "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/", "HTTP/1.1")]
    [InlineData("SSTP_DUPLEX_POST /SRA_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1", "SSTP_DUPLEX_POST", "/SRA_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/", "HTTP/1.1")]
    [InlineData("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75} HTTP/1.1", "SSTP_DUPLEX_POST", "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}", "HTTP/1.1")]
    [InlineData("SSTP_DUPLEX_POST https://vpn/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1", "SSTP_DUPLEX_POST", "https://vpn/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/", "HTTP/1.1")]
    [InlineData("POST /index.php?x=1 HTTP/1.2", "POST", "/index.php?x=1", "HTTP/1.2")]
    public void OtherWellFormedRequestsAreClassifiedForA404(string requestLine, string method, string target, string version)
    {
        var (status, _, parser) = Parse(requestLine + "\r\nHost: vpn\r\nUser-Agent: probe\r\n\r\n");

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(SstpHttpRequestKind.OtherRequest, parser.Request!.Kind);
        Assert.Equal(method, parser.Request.Method);
        Assert.Equal(target, parser.Request.Target);
        Assert.Equal(version, parser.Request.Version);
    }

    [Theory]
    [InlineData("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.0\r\n\r\n")]
    [InlineData("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.2\r\n\r\n")]
    [InlineData("GET / HTTP/2.0\r\n\r\n")]
    [InlineData("GET / HTTP/0.9\r\n\r\n")]
    public void WrongVersionsAre505(string text)
    {
        var (status, consumed, parser) = Parse(text);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(0, consumed);
        Assert.Equal(SstpHttpRequestError.UnsupportedHttpVersion, parser.Error);
        Assert.Equal(SstpHttpStatus.HttpVersionNotSupported, parser.Error.ToResponseStatus());
        Assert.NotNull(parser.Method);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1 \r\n\r\n")]
    [InlineData("GET  / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / http/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/11\r\n\r\n")]
    [InlineData("GET /\r\n\r\n")]
    [InlineData(" GET / HTTP/1.1\r\n\r\n")]
    [InlineData("\r\nGET / HTTP/1.1\r\n\r\n")]
    [InlineData("G(T / HTTP/1.1\r\n\r\n")]
    [InlineData("GET /\u00e9 HTTP/1.1\r\n\r\n")]
    [InlineData("GET /a\rb HTTP/1.1\r\n\r\n")]
    [InlineData("GET /\0 HTTP/1.1\r\n\r\n")]
    public void MalformedRequestLinesAre400(string text)
    {
        var (status, _, parser) = Parse(text);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(SstpHttpRequestError.MalformedRequestLine, parser.Error);
        Assert.Equal(SstpHttpStatus.BadRequest, parser.Error.ToResponseStatus());
    }

    [Theory]
    [InlineData(new byte[] { 0x16, 0x03, 0x01 })] // TLS ClientHello on a plain-HTTP listener
    [InlineData(new byte[] { 0x10, 0x01, 0x00, 0x0E })] // SSTP without the HTTP handshake
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/', 0x01 })]
    public void BinaryGarbageIsRefusedWithoutWaitingForALineEnd(byte[] input)
    {
        var (status, _, parser) = Parse(input);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(SstpHttpRequestError.MalformedRequestLine, parser.Error);
    }

    [Fact]
    public void BareLineFeedIsRefused()
    {
        // nmap's sstp-discover probe ends its lines with LF alone.
        var (status, _, parser) = Parse("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\nHost: a\n\n");

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(SstpHttpRequestError.BareLineFeed, parser.Error);
    }

    [Theory]
    [InlineData("Host: a\n", SstpHttpRequestError.BareLineFeed)]
    [InlineData("Host : a\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData(" folded\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData("\tfolded\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData("NoColon\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData(": empty-name\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData("X-A: b\rc\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData("X-A: b\u0001c\r\n", SstpHttpRequestError.MalformedHeader)]
    [InlineData("Content-Length: -1\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length: 18446744073709551616\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length: 99999999999999999999\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length: 1 2\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length: 5, 5\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length: 0x10\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length:\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Content-Length: 1\r\nContent-Length: 1\r\n", SstpHttpRequestError.InvalidContentLength)]
    [InlineData("Host: a\r\nhost: b\r\n", SstpHttpRequestError.DuplicateHost)]
    public void BadHeadersAreRefused(string headers, SstpHttpRequestError expected)
    {
        var (status, consumed, parser) = Parse(RequestLine + headers + "\r\n");

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(0, consumed);
        Assert.Equal(expected, parser.Error);
        Assert.Null(parser.Request);
        Assert.Equal(SstpHttpConstants.Method, parser.Method);
    }

    [Theory]
    [InlineData("Content-Length: 0", 0ul)]
    [InlineData("content-length:18446744073709551615", ulong.MaxValue)]
    [InlineData("CONTENT-LENGTH: \t 018446744073709551615 \t", ulong.MaxValue)]
    public void ContentLengthIsAnyValidNumber(string header, ulong expected)
    {
        var (status, _, parser) = Parse(RequestLine + header + "\r\n\r\n");

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(expected, parser.Request!.ContentLength);
    }

    [Fact]
    public void HostAndContentLengthMayBeAbsent()
    {
        var (status, _, parser) = Parse(RequestLine + "\r\n");

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(SstpHttpRequestKind.SstpDuplexPost, parser.Request!.Kind);
        Assert.Null(parser.Request.Host);
        Assert.Null(parser.Request.ContentLength);
        Assert.Null(parser.Request.CorrelationId);
    }

    [Fact]
    public void UnknownHeadersAreIgnoredAndKnownOnesMatchInAnyCase()
    {
        var (status, _, parser) = Parse(RequestLine
            + "X-Forwarded-For: 198.51.100.7\r\n"
            + "sstpCorrelationId: first\r\n"
            + "SSTPCORRELATIONID: second\r\n"
            + "cookie: ClientHTTPCookie=abc; x=\u00ff\r\n"
            + "HOST: vpn\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "\r\n");

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal("first", parser.Request!.CorrelationId);
        Assert.Equal("ClientHTTPCookie=abc; x=\u00ff", parser.Request.Cookie);
        Assert.Equal("vpn", parser.Request.Host);
    }

    [Fact]
    public void LongCorrelationIdIsTruncatedToTheCap()
    {
        string id = new('A', 200);
        var limits = new SstpHttpLimits { MaxCorrelationIdLength = 40 };

        var (status, _, parser) = Parse(RequestLine + $"SSTPCORRELATIONID: {id}\r\n\r\n", limits);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(id[..40], parser.Request!.CorrelationId);
    }

    [Fact]
    public void HeadLargerThanTheLimitIsRefusedAtTheLimit()
    {
        var limits = new SstpHttpLimits { MaxHeadBytes = 256 };
        string head = RequestLine + "X-Pad: " + new string('p', 200) + "\r\n\r\n";
        byte[] input = Bytes(head);

        Assert.Equal(OperationStatus.NeedMoreData, Parse(input[..255], limits).Status);
        var (status, _, parser) = Parse(input[..256], limits);
        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(SstpHttpRequestError.HeadTooLarge, parser.Error);
        Assert.Equal(SstpHttpStatus.RequestHeaderFieldsTooLarge, parser.Error.ToResponseStatus());
    }

    [Fact]
    public void HeadOfExactlyTheLimitIsAccepted()
    {
        string head = RequestLine + "X-Pad: ";
        head += new string('p', 256 - head.Length - 4) + "\r\n\r\n";
        Assert.Equal(256, head.Length);

        var (status, consumed, _) = Parse(head + "extra", new SstpHttpLimits { MaxHeadBytes = 256 });

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(256, consumed);
    }

    [Fact]
    public void EndlessRequestLineIsRefusedAtTheLimit()
    {
        byte[] input = Bytes("GET /" + new string('a', 5000));

        var (status, _, parser) = Parse(input);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(SstpHttpRequestError.HeadTooLarge, parser.Error);
    }

    [Fact]
    public void TooManyHeaderLinesAreRefused()
    {
        var limits = new SstpHttpLimits { MaxHeaderLines = 3 };

        Assert.Equal(OperationStatus.Done, Parse(RequestLine + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits).Status);
        var (status, _, parser) = Parse(RequestLine + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", limits);
        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(SstpHttpRequestError.TooManyHeaderLines, parser.Error);
    }

    [Fact]
    public void IncompleteHeadNeedsMoreData()
    {
        byte[] input = Bytes(Windows);
        for (int length = 0; length < input.Length; length++)
        {
            var (status, consumed, parser) = Parse(input[..length]);
            Assert.Equal(OperationStatus.NeedMoreData, status);
            Assert.Equal(0, consumed);
            Assert.Null(parser.Request);
        }
    }

    [Fact]
    public void FinalResultsRepeatAndResetStartsOver()
    {
        var parser = new SstpHttpRequestParser(new SstpHttpLimits());
        byte[] input = [.. Bytes(Kittoku), .. CallConnectRequest];

        Assert.Equal(OperationStatus.Done, parser.Parse(input, out int first));
        Assert.Equal(OperationStatus.Done, parser.Parse(input, out int again));
        Assert.Equal(first, again);

        parser.Reset();
        Assert.Null(parser.Request);
        Assert.Equal(OperationStatus.InvalidData, parser.Parse("\u0016"u8, out _));
        Assert.Equal(OperationStatus.InvalidData, parser.Parse(input, out _));
        parser.Reset();
        Assert.Equal(OperationStatus.Done, parser.Parse(input, out int afterReset));
        Assert.Equal(first, afterReset);
    }

    [Fact]
    public void LimitsRejectNonsense()
    {
        var limits = new SstpHttpLimits();
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxHeadBytes = 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxHeadBytes = 1 << 20);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxHeaderLines = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => limits.MaxCorrelationIdLength = 0);
        Assert.Equal("MaxHeadBytes=4096, MaxHeaderLines=32, MaxCorrelationIdLength=64", limits.ToString());
    }
}
