using System.Buffers;
using SstpFarm.Protocol.Sstp.Http;
using static SstpFarm.Protocol.Tests.Http.HttpVectors;

namespace SstpFarm.Protocol.Tests.Http;

public sealed class SstpHttpResponseParserTests
{
    private static (OperationStatus Status, int Consumed, SstpHttpResponseParser Parser) Parse(string text)
    {
        var parser = new SstpHttpResponseParser(new SstpHttpLimits());
        OperationStatus status = parser.Parse(Bytes(text), out int consumed);
        return (status, consumed, parser);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nServer: Microsoft-HTTPAPI/2.0\r\nDate: Thu, 09 Nov 2006 00:51:09 GMT\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nDate: Thu, 09 Nov 2006 00:51:09 GMT\r\nContent-Length: 18446744073709551615\r\nConnection: keep-alive\r\n\r\n")] // accel
    [InlineData("HTTP/1.1 200 OK\r\nServer: sstpd\r\n\r\n")] // no Content-Length: sstpc accepts it
    [InlineData("HTTP/1.1 200\r\n\r\n")]
    [InlineData("HTTP/1.1 200 \r\n\r\n")]
    public void AcceptedResponses(string text)
    {
        var (status, consumed, parser) = Parse(text);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(text.Length, consumed);
        Assert.Equal(200, parser.StatusCode);
    }

    [Fact]
    public void SstpBytesAfterTheHeadAreKept()
    {
        byte[] ack = [0x10, 0x01, 0x00, 0x30, 0x00, 0x02, 0x00, 0x01];
        byte[] input = [.. Bytes("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\n"), .. ack];

        var parser = new SstpHttpResponseParser(new SstpHttpLimits());

        Assert.Equal(OperationStatus.Done, parser.Parse(input, out int consumed));
        Assert.Equal(ack, input[consumed..]);
    }

    [Theory]
    [InlineData("HTTP/1.1 404 Not Found\r\n", SstpHttpResponseError.UnexpectedStatus, 404)]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n", SstpHttpResponseError.UnexpectedStatus, 503)]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n", SstpHttpResponseError.UnsupportedHttpVersion, 200)]
    [InlineData("HTTP/2.0 200 OK\r\n\r\n", SstpHttpResponseError.UnsupportedHttpVersion, 200)]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n", SstpHttpResponseError.MalformedStatusLine, 0)]
    [InlineData("HTTP/1.1 2000 OK\r\n\r\n", SstpHttpResponseError.MalformedStatusLine, 0)]
    [InlineData("HTTP/1.1  200 OK\r\n\r\n", SstpHttpResponseError.MalformedStatusLine, 0)]
    [InlineData("SSTP/1.1 200 OK\r\n\r\n", SstpHttpResponseError.MalformedStatusLine, 0)]
    [InlineData("HTTP/1.1 200 O\u0001K\r\n\r\n", SstpHttpResponseError.MalformedStatusLine, 0)]
    [InlineData("HTTP/1.1 200 OK\n\n", SstpHttpResponseError.BareLineFeed, 0)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", SstpHttpResponseError.InvalidContentLength, 200)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n", SstpHttpResponseError.InvalidContentLength, 200)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\nContent-Length: 18446744073709551615\r\n\r\n", SstpHttpResponseError.InvalidContentLength, 200)]
    [InlineData("HTTP/1.1 200 OK\r\nServer : x\r\n\r\n", SstpHttpResponseError.MalformedHeader, 200)]
    [InlineData("HTTP/1.1 200 OK\r\n folded\r\n\r\n", SstpHttpResponseError.MalformedHeader, 200)]
    public void RefusedResponses(string text, SstpHttpResponseError error, int statusCode)
    {
        var (status, consumed, parser) = Parse(text);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(0, consumed);
        Assert.Equal(error, parser.Error);
        Assert.Equal(statusCode, parser.StatusCode);
    }

    [Fact]
    public void OversizeAndManyLinesAreRefused()
    {
        Assert.Equal(SstpHttpResponseError.HeadTooLarge, Parse("HTTP/1.1 200 OK\r\nX: " + new string('x', 5000)).Parser.Error);

        string many = "HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", SstpHttpLimits.DefaultMaxHeaderLines + 1)) + "\r\n";
        Assert.Equal(SstpHttpResponseError.TooManyHeaderLines, Parse(many).Parser.Error);
    }

    [Fact]
    public void PartialHeadNeedsMoreDataAndFinalResultsRepeat()
    {
        byte[] input = Bytes("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n");
        var parser = new SstpHttpResponseParser(new SstpHttpLimits());

        Assert.Equal(OperationStatus.NeedMoreData, parser.Parse(input.AsSpan(0, input.Length - 1), out int partial));
        Assert.Equal(0, partial);
        Assert.Equal(OperationStatus.Done, parser.Parse(input, out int consumed));
        Assert.Equal(OperationStatus.Done, parser.Parse(input, out int again));
        Assert.Equal(consumed, again);
    }
}
