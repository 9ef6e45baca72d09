namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>Why <see cref="SstpHttpRequestParser"/> returned <see cref="System.Buffers.OperationStatus.InvalidData"/>.</summary>
public enum SstpHttpRequestError
{
    None,

    /// <summary>Request line is not <c>token SP visible-ASCII SP HTTP/d.d</c>, or carries a control byte or a bare CR (binary garbage, a TLS ClientHello on a plain port).</summary>
    MalformedRequestLine,

    /// <summary>A well-formed version other than HTTP/1.0 and HTTP/1.1, or an SSTP request that is not HTTP/1.1 (MS-SSTP §4.1).</summary>
    UnsupportedHttpVersion,

    /// <summary>A line ends with LF alone. Every SSTP client sends CRLF; see <see cref="SstpHttpRequestParser"/>.</summary>
    BareLineFeed,

    /// <summary>A header line is not <c>token ":" OWS value OWS</c>, has a control byte or bare CR, or is an obs-fold continuation.</summary>
    MalformedHeader,

    /// <summary>Content-Length is not a decimal number that fits in 64 bits, or appears twice.</summary>
    InvalidContentLength,

    /// <summary>More than one Host header (RFC 9112 §3.2).</summary>
    DuplicateHost,

    /// <summary>No CRLFCRLF within <see cref="SstpHttpLimits.MaxHeadBytes"/>.</summary>
    HeadTooLarge,

    /// <summary>More than <see cref="SstpHttpLimits.MaxHeaderLines"/> header lines.</summary>
    TooManyHeaderLines,
}
