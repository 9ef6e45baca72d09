namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// Spec constants of the SSTP HTTPS handshake ([MS-SSTP] §3.2.4.1, §4.1; docs/protocol/sstp.md §3).
/// Tuning values (sizes, counts) live in <see cref="SstpHttpLimits"/>.
/// </summary>
public static class SstpHttpConstants
{
    /// <summary>The only method that opens an SSTP tunnel.</summary>
    public const string Method = "SSTP_DUPLEX_POST";

    /// <summary>
    /// The SSTP resource. The spec's footnote &lt;14&gt; drops the last hyphen of the GUID; this is the
    /// form every client really sends (interop.md item 22).
    /// </summary>
    public const string Path = "/sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/";

    /// <summary>The only HTTP version MS-SSTP §4.1 allows, in both directions.</summary>
    public const string Version = "HTTP/1.1";

    /// <summary>ULONGLONG_MAX: what both sides put in Content-Length; no body ever follows.</summary>
    public const ulong ContentLength = ulong.MaxValue;

    /// <summary>Correlation id header name, as Windows spells it (header names are case-insensitive).</summary>
    public const string CorrelationIdHeader = "SSTPCORRELATIONID";

    /// <summary>The Server header in the spec's sample response (§4.1) and in SoftEther's.</summary>
    public const string SampleServerHeader = "Microsoft-HTTPAPI/2.0";

    internal static ReadOnlySpan<byte> MethodBytes => "SSTP_DUPLEX_POST"u8;

    /// <summary>"/sra_{", the part of <see cref="Path"/> before the GUID, compared exactly.</summary>
    internal static ReadOnlySpan<byte> PathPrefixBytes => "/sra_{"u8;

    /// <summary>The GUID inside <see cref="Path"/>, compared ASCII case-insensitively (sstp.md §3.1).</summary>
    internal static ReadOnlySpan<byte> PathGuidBytes => "BA195980-CD49-458b-9E23-C84EE0ADCD75"u8;

    /// <summary>"}/", the part of <see cref="Path"/> after the GUID, compared exactly.</summary>
    internal static ReadOnlySpan<byte> PathSuffixBytes => "}/"u8;

    internal static ReadOnlySpan<byte> HostHeaderBytes => "Host"u8;

    internal static ReadOnlySpan<byte> ContentLengthHeaderBytes => "Content-Length"u8;

    internal static ReadOnlySpan<byte> CorrelationIdHeaderBytes => "SSTPCORRELATIONID"u8;

    internal static ReadOnlySpan<byte> CookieHeaderBytes => "Cookie"u8;
}
