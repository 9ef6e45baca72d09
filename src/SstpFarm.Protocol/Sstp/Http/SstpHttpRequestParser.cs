using System.Buffers;
using System.Text;

namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// Server side of the SSTP handshake: reads the client's HTTP request head, bounded and incrementally
/// ([MS-SSTP] §3.2.4.1, §4.1; RFC 9112 §2-§5; docs/protocol/sstp.md §3).
/// </summary>
/// <remarks>
/// <code>
/// SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1 CRLF   request line
/// Host: vpn.example.com CRLF                                                   any order, any case,
/// Content-Length: 18446744073709551615 CRLF                                    unknown headers ignored
/// SSTPCORRELATIONID: {6F5F3A1C-...} CRLF
/// CRLF                                                                         end of head
/// 10 01 00 0E ...                                                              pipelined SSTP bytes
/// </code>
/// Call <see cref="Parse"/> with everything received so far (the same prefix plus new bytes each time);
/// the parser remembers how far it has validated, so byte-at-a-time delivery costs no rescans and gives
/// the same outcome as one large read. Decisions:
/// <list type="bullet">
/// <item>Lines must end with CRLF. RFC 9112 §2.2 allows accepting a bare LF, but no SSTP client sends
/// one (Windows, sstpc, Open-SSTP-Client all use CRLF); only scanners do (nmap's sstp-discover), and
/// answering them 400 reveals less.</item>
/// <item>Binary garbage is refused as soon as the first unexpected byte of the request line arrives,
/// without waiting for a line end or the size limit.</item>
/// <item>Host and Content-Length are optional: the server neither routes by Host nor reads a body, so
/// refusing a client that omits them would gain nothing. Duplicates of either are refused (ambiguous).</item>
/// <item>Absolute-form targets (<c>https://host/sra_…</c>) are classified as non-SSTP: no client sends them.</item>
/// </list>
/// </remarks>
public sealed class SstpHttpRequestParser
{
    private readonly int _maxHeadBytes;
    private readonly int _maxHeaderLines;
    private readonly int _maxCorrelationIdLength;

    private HttpHeadScanner _scanner;
    private bool _requestLineDone;
    private int _headerLines;
    private SstpHttpRequestKind _kind;
    private string? _version;
    private string? _host;
    private ulong? _contentLength;
    private string? _correlationId;
    private string? _cookie;

    public SstpHttpRequestParser(SstpHttpLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _maxHeadBytes = limits.MaxHeadBytes;
        _maxHeaderLines = limits.MaxHeaderLines;
        _maxCorrelationIdLength = limits.MaxCorrelationIdLength;
    }

    /// <summary>The parsed request once <see cref="Parse"/> returned Done.</summary>
    public SstpHttpRequest? Request { get; private set; }

    /// <summary>Why <see cref="Parse"/> returned InvalidData; <see cref="SstpHttpRequestError.None"/> otherwise.</summary>
    public SstpHttpRequestError Error { get; private set; }

    /// <summary>Method of a well-formed request line, for logging even when a later header fails.</summary>
    public string? Method { get; private set; }

    /// <summary>Target of a well-formed request line, for logging even when a later header fails.</summary>
    public string? Target { get; private set; }

    /// <summary>
    /// Parses the request head. Done: <paramref name="consumed"/> is the head length and bytes after it are
    /// SSTP data the caller must keep. NeedMoreData: keep everything and call again with more.
    /// InvalidData: see <see cref="Error"/>; answer <see cref="SstpHttpRequestErrorExtensions.ToResponseStatus"/>
    /// and close. Once Done or InvalidData, further calls repeat that result.
    /// </summary>
    public OperationStatus Parse(ReadOnlySpan<byte> received, out int consumed)
    {
        consumed = 0;
        if (Request is not null)
        {
            consumed = Request.HeadLength;
            return OperationStatus.Done;
        }

        if (Error != SstpHttpRequestError.None)
        {
            return OperationStatus.InvalidData;
        }

        while (true)
        {
            if (!_requestLineDone && !IsPlausibleRequestLinePrefix(_scanner.PendingLine(received, _maxHeadBytes)))
            {
                return Fail(SstpHttpRequestError.MalformedRequestLine);
            }

            switch (_scanner.ReadLine(received, _maxHeadBytes, out ReadOnlySpan<byte> line))
            {
                case HttpLineStatus.NeedMoreData:
                    return OperationStatus.NeedMoreData;
                case HttpLineStatus.HeadTooLarge:
                    return Fail(SstpHttpRequestError.HeadTooLarge);
                case HttpLineStatus.BareLineFeed:
                    return Fail(SstpHttpRequestError.BareLineFeed);
                case HttpLineStatus.BareCarriageReturn:
                    return Fail(_requestLineDone ? SstpHttpRequestError.MalformedHeader : SstpHttpRequestError.MalformedRequestLine);
            }

            SstpHttpRequestError error;
            if (!_requestLineDone)
            {
                error = OnRequestLine(line);
                _requestLineDone = true;
            }
            else if (line.IsEmpty)
            {
                Request = new SstpHttpRequest(_kind, Method!, Target!, _version!, _host, _contentLength, _correlationId, _cookie, _scanner.Position);
                consumed = Request.HeadLength;
                return OperationStatus.Done;
            }
            else
            {
                error = OnHeaderLine(line);
            }

            if (error != SstpHttpRequestError.None)
            {
                return Fail(error);
            }
        }
    }

    /// <summary>Forgets everything so the instance can read another head.</summary>
    public void Reset()
    {
        _scanner = default;
        _requestLineDone = false;
        _headerLines = 0;
        _kind = default;
        _version = _host = _correlationId = _cookie = null;
        _contentLength = null;
        Request = null;
        Error = SstpHttpRequestError.None;
        Method = Target = null;
    }

    // A prefix of the request line (no LF yet) that can still become valid: method bytes are tchars, the
    // rest is printable ASCII, and a CR may only be the last byte seen. Any prefix of a valid line passes,
    // and once a prefix fails every longer one fails, so early refusal never depends on read sizes.
    private static bool IsPlausibleRequestLinePrefix(ReadOnlySpan<byte> prefix)
    {
        if (!prefix.IsEmpty && prefix[^1] == HttpSyntax.Cr)
        {
            prefix = prefix[..^1];
        }

        int sp = prefix.IndexOf(HttpSyntax.Sp);
        ReadOnlySpan<byte> method = sp < 0 ? prefix : prefix[..sp];
        if (sp == 0 || (!method.IsEmpty && !HttpSyntax.IsToken(method)))
        {
            return false;
        }

        return sp < 0 || !prefix[(sp + 1)..].ContainsAnyExceptInRange(HttpSyntax.Sp, (byte)0x7E);
    }

    // RFC 9112 §3: request-line = method SP request-target SP HTTP-version; MS-SSTP §4.1: method, URI, HTTP/1.1.
    private SstpHttpRequestError OnRequestLine(ReadOnlySpan<byte> line)
    {
        int sp1 = line.IndexOf(HttpSyntax.Sp);
        ReadOnlySpan<byte> rest = sp1 > 0 ? line[(sp1 + 1)..] : default;
        int sp2 = rest.IndexOf(HttpSyntax.Sp);
        if (sp1 <= 0 || sp2 <= 0)
        {
            return SstpHttpRequestError.MalformedRequestLine;
        }

        ReadOnlySpan<byte> method = line[..sp1];
        ReadOnlySpan<byte> target = rest[..sp2];
        if (!HttpSyntax.IsToken(method) || !HttpSyntax.IsVisibleAscii(target)
            || !HttpSyntax.TryParseVersion(rest[(sp2 + 1)..], out int major, out int minor))
        {
            return SstpHttpRequestError.MalformedRequestLine;
        }

        bool sstp = method.SequenceEqual(SstpHttpConstants.MethodBytes) && IsSstpTarget(target);
        _kind = sstp ? SstpHttpRequestKind.SstpDuplexPost : SstpHttpRequestKind.OtherRequest;
        Method = sstp ? SstpHttpConstants.Method : Encoding.ASCII.GetString(method);
        Target = sstp ? SstpHttpConstants.Path : Encoding.ASCII.GetString(target);
        _version = minor switch
        {
            1 => SstpHttpConstants.Version,
            0 => "HTTP/1.0",
            _ => Encoding.ASCII.GetString(rest[(sp2 + 1)..]),
        };

        // MS-SSTP §4.1: the server checks version == HTTP/1.1; other HTTP/1.x requests only get a 404.
        return major != 1 || (sstp && minor != 1) ? SstpHttpRequestError.UnsupportedHttpVersion : SstpHttpRequestError.None;
    }

    // sstp.md §3.1: method and URI exact, the GUID case-insensitively; a "?tenantid=" query is ignored.
    private static bool IsSstpTarget(ReadOnlySpan<byte> target)
    {
        int query = target.IndexOf((byte)'?');
        ReadOnlySpan<byte> path = query < 0 ? target : target[..query];
        ReadOnlySpan<byte> prefix = SstpHttpConstants.PathPrefixBytes;
        ReadOnlySpan<byte> guid = SstpHttpConstants.PathGuidBytes;
        return path.Length == prefix.Length + guid.Length + SstpHttpConstants.PathSuffixBytes.Length
            && path.StartsWith(prefix)
            && Ascii.EqualsIgnoreCase(path.Slice(prefix.Length, guid.Length), guid)
            && path.EndsWith(SstpHttpConstants.PathSuffixBytes);
    }

    // RFC 9112 §5: field-line; MS-SSTP §3.2.4.1 names Host, Content-Length, SSTPCORRELATIONID and Cookie.
    private SstpHttpRequestError OnHeaderLine(ReadOnlySpan<byte> line)
    {
        if (++_headerLines > _maxHeaderLines)
        {
            return SstpHttpRequestError.TooManyHeaderLines;
        }

        if (line[0] is HttpSyntax.Sp or HttpSyntax.Htab || !HttpSyntax.TrySplitField(line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value))
        {
            return SstpHttpRequestError.MalformedHeader;
        }

        if (Ascii.EqualsIgnoreCase(name, SstpHttpConstants.HostHeaderBytes))
        {
            if (_host is not null)
            {
                return SstpHttpRequestError.DuplicateHost;
            }

            _host = Encoding.Latin1.GetString(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, SstpHttpConstants.ContentLengthHeaderBytes))
        {
            if (_contentLength.HasValue || !HttpSyntax.TryParseContentLength(value, out ulong length))
            {
                return SstpHttpRequestError.InvalidContentLength;
            }

            _contentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, SstpHttpConstants.CorrelationIdHeaderBytes))
        {
            // Log-only: keep the first, truncated rather than refused.
            _correlationId ??= Encoding.Latin1.GetString(value[..Math.Min(value.Length, _maxCorrelationIdLength)]);
        }
        else if (Ascii.EqualsIgnoreCase(name, SstpHttpConstants.CookieHeaderBytes))
        {
            _cookie ??= Encoding.Latin1.GetString(value);
        }

        return SstpHttpRequestError.None;
    }

    private OperationStatus Fail(SstpHttpRequestError error)
    {
        Error = error;
        return OperationStatus.InvalidData;
    }
}
