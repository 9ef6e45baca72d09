namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// Server responses of the SSTP handshake ([MS-SSTP] §4.1; sstp.md §3.2). Writes into the caller's buffer
/// and returns the byte count; <see cref="MaxLength"/> bytes always suffice.
/// </summary>
public static class SstpHttpResponseWriter
{
    /// <summary>Longest accepted Server header value.</summary>
    public const int MaxServerLength = 128;

    /// <summary>Upper bound of any response this type writes: the 431 answer with a 128-character Server.</summary>
    public const int MaxLength = 261;

    /// <summary>
    /// The 200 block exactly as the spec's sample (and SoftEther) sends it, with a real date:
    /// <c>HTTP/1.1 200 OK, Content-Length: 18446744073709551615, Server, Date</c>, then the empty line.
    /// Never chunked, never a body: SSTP starts right after it.
    /// </summary>
    /// <param name="destination">Receives the response; <see cref="MaxLength"/> bytes always suffice.</param>
    /// <param name="date">Current time, supplied by the caller (the Protocol layer reads no clock).</param>
    /// <param name="server">Server header value: 1..128 printable ASCII characters.</param>
    public static int WriteOk(Span<byte> destination, DateTimeOffset date, string server = SstpHttpConstants.SampleServerHeader)
    {
        CheckServer(server);
        var writer = new AsciiHeadWriter(destination);
        writer.Append("HTTP/1.1 200 OK\r\nContent-Length: "u8);
        writer.AppendDecimal(SstpHttpConstants.ContentLength);
        AppendServerAndDate(ref writer, server, date);
        writer.Append("\r\n"u8);
        return writer.Written;
    }

    /// <summary>
    /// An error answer that is the last data on the connection (MS-SSTP §4.1): status line,
    /// <c>Content-Length: 0</c>, <c>Connection: close</c>, Server, Date (the shape accel uses).
    /// </summary>
    public static int WriteError(Span<byte> destination, SstpHttpStatus status, DateTimeOffset date, string server = SstpHttpConstants.SampleServerHeader)
    {
        CheckServer(server);
        ReadOnlySpan<byte> statusLine = status switch
        {
            SstpHttpStatus.BadRequest => "HTTP/1.1 400 Bad Request\r\n"u8,
            SstpHttpStatus.NotFound => "HTTP/1.1 404 Not Found\r\n"u8,
            SstpHttpStatus.RequestHeaderFieldsTooLarge => "HTTP/1.1 431 Request Header Fields Too Large\r\n"u8,
            SstpHttpStatus.ServiceUnavailable => "HTTP/1.1 503 Service Unavailable\r\n"u8,
            SstpHttpStatus.HttpVersionNotSupported => "HTTP/1.1 505 HTTP Version Not Supported\r\n"u8,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not an error status."),
        };

        var writer = new AsciiHeadWriter(destination);
        writer.Append(statusLine);
        writer.Append("Content-Length: 0\r\nConnection: close"u8);
        AppendServerAndDate(ref writer, server, date);
        writer.Append("\r\n"u8);
        return writer.Written;
    }

    private static void AppendServerAndDate(ref AsciiHeadWriter writer, string server, DateTimeOffset date)
    {
        writer.Append("\r\nServer: "u8);
        writer.AppendAscii(server);
        writer.Append("\r\nDate: "u8);
        writer.AppendHttpDate(date);
        writer.Append("\r\n"u8);
    }

    private static void CheckServer(string server)
    {
        if (!AsciiHeadWriter.IsHeaderText(server, MaxServerLength, allowSpace: true))
        {
            throw new ArgumentException($"The Server header must be 1..{MaxServerLength} printable ASCII characters.", nameof(server));
        }
    }
}
