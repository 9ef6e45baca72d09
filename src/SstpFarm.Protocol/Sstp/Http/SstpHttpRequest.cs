namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// A complete, well-formed request head as <see cref="SstpHttpRequestParser"/> read it.
/// Header values are the raw field values (ISO-8859-1 decoded, surrounding whitespace removed).
/// </summary>
public sealed class SstpHttpRequest
{
    internal SstpHttpRequest(
        SstpHttpRequestKind kind,
        string method,
        string target,
        string version,
        string? host,
        ulong? contentLength,
        string? correlationId,
        string? cookie,
        int headLength)
    {
        Kind = kind;
        Method = method;
        Target = target;
        Version = version;
        Host = host;
        ContentLength = contentLength;
        CorrelationId = correlationId;
        Cookie = cookie;
        HeadLength = headLength;
    }

    public SstpHttpRequestKind Kind { get; }

    /// <summary>The method as sent (kept for logging non-SSTP requests).</summary>
    public string Method { get; }

    /// <summary>
    /// The request-target as sent; for <see cref="SstpHttpRequestKind.SstpDuplexPost"/> always
    /// <see cref="SstpHttpConstants.Path"/> (GUID case and any <c>?tenantid=</c> query are dropped,
    /// [MS-SSTP] §3.2.4.1 footnote &lt;7&gt;).
    /// </summary>
    public string Target { get; }

    /// <summary>"HTTP/1.1" or "HTTP/1.0" (other HTTP/1.x minors only for non-SSTP requests).</summary>
    public string Version { get; }

    /// <summary>Host as sent, possibly with ":port"; null if absent (the server does not route by it).</summary>
    public string? Host { get; }

    /// <summary>
    /// Content-Length, null if absent. Clients send 2^64−1; the server never reads a body, so any valid
    /// number (or none) is accepted and only reported.
    /// </summary>
    public ulong? ContentLength { get; }

    /// <summary>SSTPCORRELATIONID as opaque text (formats differ per client), truncated to the configured cap.</summary>
    public string? CorrelationId { get; }

    /// <summary>First Cookie header, used only for HLAuth bypass ([MS-SSTP] §3.2.4.1 footnote &lt;5&gt;).</summary>
    public string? Cookie { get; }

    /// <summary>Bytes of the head including the final CRLFCRLF; everything after it is SSTP data.</summary>
    public int HeadLength { get; }
}
