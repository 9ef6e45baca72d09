namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// Client side of the SSTP handshake: the request head ([MS-SSTP] §3.2.4.1, §4.1), in sstpc's header
/// order (sstp.md §3.1):
/// <code>
/// SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1
/// Host: vpn.example.com
/// Content-Length: 18446744073709551615
/// SSTPCORRELATIONID: {GUID}
/// </code>
/// </summary>
public static class SstpHttpRequestWriter
{
    /// <summary>A 253-character DNS name plus ":65535", or a bracketed IPv6 literal with port.</summary>
    public const int MaxHostLength = 261;

    // Everything but the host: request line, the three header names, the value of Content-Length, the GUID.
    private const int FixedLength = 70 + 2 + 6 + 2 + 16 + 20 + 2 + 19 + 38 + 2 + 2;

    /// <summary>Exact size of the request for <paramref name="host"/>.</summary>
    public static int GetLength(string host)
    {
        CheckHost(host);
        return FixedLength + host.Length;
    }

    /// <param name="destination">Receives the request; <see cref="GetLength"/> bytes are needed.</param>
    /// <param name="host">Host header value as dialled, optionally with ":port"; printable ASCII (punycode for IDNs).</param>
    /// <param name="correlationId">Fresh per connection attempt; written in Windows' "{UPPER-CASE}" form.</param>
    public static int Write(Span<byte> destination, string host, Guid correlationId)
    {
        CheckHost(host);
        var writer = new AsciiHeadWriter(destination);
        writer.Append("SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\nHost: "u8);
        writer.AppendAscii(host);
        writer.Append("\r\nContent-Length: "u8);
        writer.AppendDecimal(SstpHttpConstants.ContentLength);
        writer.Append("\r\nSSTPCORRELATIONID: "u8);
        writer.AppendBracedGuid(correlationId);
        writer.Append("\r\n\r\n"u8);
        return writer.Written;
    }

    private static void CheckHost(string host)
    {
        if (!AsciiHeadWriter.IsHeaderText(host, MaxHostLength, allowSpace: false))
        {
            throw new ArgumentException($"The host must be 1..{MaxHostLength} printable ASCII characters without spaces.", nameof(host));
        }
    }
}
