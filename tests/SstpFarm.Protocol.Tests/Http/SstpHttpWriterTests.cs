using FsCheck;
using FsCheck.Fluent;
using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Sstp.Http;

namespace SstpFarm.Protocol.Tests.Http;

public sealed class SstpHttpWriterTests
{
    private static readonly DateTimeOffset SpecDate = new(2006, 11, 9, 0, 51, 9, TimeSpan.Zero);

    private static string Ok(DateTimeOffset date, string server = SstpHttpConstants.SampleServerHeader)
    {
        var buffer = new byte[SstpHttpResponseWriter.MaxLength];
        int written = SstpHttpResponseWriter.WriteOk(buffer, date, server);
        return Encoding.ASCII.GetString(buffer, 0, written);
    }

    [Fact]
    public void OkIsTheSpecSampleBlock()
    {
        // [MS-SSTP] §4.1 sample response (sstp.md §3.2).
        Assert.Equal(
            "HTTP/1.1 200 OK\r\n"
            + "Content-Length: 18446744073709551615\r\n"
            + "Server: Microsoft-HTTPAPI/2.0\r\n"
            + "Date: Thu, 09 Nov 2006 00:51:09 GMT\r\n"
            + "\r\n",
            Ok(SpecDate));
    }

    [Fact]
    public void DateIsWrittenInGmtWhateverTheOffset()
    {
        Assert.Contains("Date: Thu, 09 Nov 2006 00:51:09 GMT\r\n", Ok(SpecDate.ToOffset(TimeSpan.FromHours(5.5))), StringComparison.Ordinal);
        Assert.Contains("Date: Sun, 01 Jan 2040 23:59:59 GMT\r\n", Ok(new DateTimeOffset(2040, 1, 2, 1, 59, 59, TimeSpan.FromHours(2))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SstpHttpStatus.BadRequest, "400 Bad Request")]
    [InlineData(SstpHttpStatus.NotFound, "404 Not Found")]
    [InlineData(SstpHttpStatus.RequestHeaderFieldsTooLarge, "431 Request Header Fields Too Large")]
    [InlineData(SstpHttpStatus.ServiceUnavailable, "503 Service Unavailable")]
    [InlineData(SstpHttpStatus.HttpVersionNotSupported, "505 HTTP Version Not Supported")]
    public void ErrorResponsesCloseTheConnection(SstpHttpStatus status, string statusText)
    {
        var buffer = new byte[SstpHttpResponseWriter.MaxLength];
        int written = SstpHttpResponseWriter.WriteError(buffer, status, SpecDate, "sstpfarm");

        Assert.Equal(
            $"HTTP/1.1 {statusText}\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: close\r\n"
            + "Server: sstpfarm\r\n"
            + "Date: Thu, 09 Nov 2006 00:51:09 GMT\r\n"
            + "\r\n",
            Encoding.ASCII.GetString(buffer, 0, written));
    }

    [Fact]
    public void MaxLengthHoldsTheLongestResponse()
    {
        string server = new('s', SstpHttpResponseWriter.MaxServerLength);
        var buffer = new byte[SstpHttpResponseWriter.MaxLength];

        foreach (SstpHttpStatus status in Enum.GetValues<SstpHttpStatus>().Where(s => s != SstpHttpStatus.Ok))
        {
            Assert.InRange(SstpHttpResponseWriter.WriteError(buffer, status, SpecDate, server), 1, SstpHttpResponseWriter.MaxLength);
        }

        Assert.InRange(SstpHttpResponseWriter.WriteOk(buffer, SpecDate, server), 1, SstpHttpResponseWriter.MaxLength);
        Assert.Equal(SstpHttpResponseWriter.MaxLength, SstpHttpResponseWriter.WriteError(buffer, SstpHttpStatus.RequestHeaderFieldsTooLarge, SpecDate, server));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" lead")]
    [InlineData("a\r\nInjected: yes")]
    [InlineData("caf\u00e9")]
    public void BadServerValuesAreRefused(string server)
    {
        var buffer = new byte[SstpHttpResponseWriter.MaxLength];
        Assert.Throws<ArgumentException>(() => SstpHttpResponseWriter.WriteOk(buffer, SpecDate, server));
        Assert.Throws<ArgumentException>(() => SstpHttpResponseWriter.WriteError(buffer, SstpHttpStatus.NotFound, SpecDate, server));
    }

    [Fact]
    public void WritersRefuseShortBuffersAndOkAsError()
    {
        Assert.Throws<ArgumentException>(() => SstpHttpResponseWriter.WriteOk(new byte[100], SpecDate));
        Assert.Throws<ArgumentException>(() => SstpHttpRequestWriter.Write(new byte[100], "vpn", Guid.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => SstpHttpResponseWriter.WriteError(new byte[300], SstpHttpStatus.Ok, SpecDate));
    }

    [Fact]
    public void RequestMatchesTheSstpcLayout()
    {
        var id = Guid.Parse("6f5f3a1c-9b2d-4e7a-8c1d-2b3a4c5d6e7f");
        var buffer = new byte[SstpHttpRequestWriter.GetLength("vpn.example.com:443")];

        int written = SstpHttpRequestWriter.Write(buffer, "vpn.example.com:443", id);

        Assert.Equal(buffer.Length, written);
        Assert.Equal(
            "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
            + "Host: vpn.example.com:443\r\n"
            + "Content-Length: 18446744073709551615\r\n"
            + "SSTPCORRELATIONID: {6F5F3A1C-9B2D-4E7A-8C1D-2B3A4C5D6E7F}\r\n"
            + "\r\n",
            Encoding.ASCII.GetString(buffer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("vpn\r\nX: y")]
    public void BadHostsAreRefused(string host)
    {
        Assert.Throws<ArgumentException>(() => SstpHttpRequestWriter.GetLength(host));
        Assert.Throws<ArgumentException>(() => SstpHttpRequestWriter.Write(new byte[512], host, Guid.Empty));
    }

    [Fact]
    public void WrittenRequestsParseBack()
    {
        Gen<string> hosts = Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789.-:[]".ToCharArray())
            .ArrayOf().Where(chars => chars.Length is > 0 and <= SstpHttpRequestWriter.MaxHostLength)
            .Select(chars => new string(chars));
        Gen<Guid> guids = Gen.Choose(int.MinValue, int.MaxValue).ArrayOf(4)
            .Select(words => new Guid(words.SelectMany(BitConverter.GetBytes).ToArray()));

        Prop.ForAll(Arb.From(hosts.Zip(guids)), pair =>
        {
            (string host, Guid id) = pair;
            var buffer = new byte[SstpHttpRequestWriter.GetLength(host) + 4];
            int written = SstpHttpRequestWriter.Write(buffer, host, id);
            var parser = new SstpHttpRequestParser(new SstpHttpLimits());
            string expectedId = id.ToString("B").ToUpperInvariant();

            return parser.Parse(buffer, out int consumed) == OperationStatus.Done
                && consumed == written
                && parser.Request!.Kind == SstpHttpRequestKind.SstpDuplexPost
                && parser.Request.Host == host
                && parser.Request.ContentLength == ulong.MaxValue
                && string.Equals(parser.Request.CorrelationId, expectedId, StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WrittenResponsesParseBack()
    {
        Gen<DateTimeOffset> dates = Gen.Choose(0, int.MaxValue).Select(s => DateTimeOffset.UnixEpoch.AddSeconds(s * 2.0));

        Prop.ForAll(Arb.From(dates), date =>
        {
            var buffer = new byte[SstpHttpResponseWriter.MaxLength];
            int written = SstpHttpResponseWriter.WriteOk(buffer, date);
            var parser = new SstpHttpResponseParser(new SstpHttpLimits());

            return parser.Parse(buffer.AsSpan(0, written), out int consumed) == OperationStatus.Done
                && consumed == written
                && parser.StatusCode == 200;
        }).QuickCheckThrowOnFailure();
    }
}
