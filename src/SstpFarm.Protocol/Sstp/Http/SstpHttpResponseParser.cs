using System.Buffers;
using System.Text;

namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// Client side of the SSTP handshake: reads the server's response head ([MS-SSTP] §4.1; sstp.md §3.2).
/// </summary>
/// <remarks>
/// <code>
/// HTTP/1.1 200 OK CRLF                                 version must be HTTP/1.1, status 200 (Windows)
/// Content-Length: 18446744073709551615 CRLF            optional; if present must be 2^64−1 (sstpc)
/// Server: Microsoft-HTTPAPI/2.0 CRLF                   other headers ignored
/// Date: Thu, 09 Nov 2006 00:51:09 GMT CRLF
/// CRLF
/// 10 01 00 30 ...                                      SSTP bytes the caller must keep
/// </code>
/// Same calling convention and line rules as <see cref="SstpHttpRequestParser"/>: pass everything received
/// so far; CRLF only. A non-200 status fails as soon as the status line is complete.
/// </remarks>
public sealed class SstpHttpResponseParser
{
    private readonly int _maxHeadBytes;
    private readonly int _maxHeaderLines;

    private HttpHeadScanner _scanner;
    private bool _statusLineDone;
    private bool _sawContentLength;
    private int _headerLines;
    private int _headLength;

    public SstpHttpResponseParser(SstpHttpLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _maxHeadBytes = limits.MaxHeadBytes;
        _maxHeaderLines = limits.MaxHeaderLines;
    }

    /// <summary>Status code of a well-formed status line (0 before one was read), for logging failures.</summary>
    public int StatusCode { get; private set; }

    /// <summary>Reason phrase of a well-formed status line, for logging failures.</summary>
    public string? ReasonPhrase { get; private set; }

    /// <summary>Why <see cref="Parse"/> returned InvalidData; <see cref="SstpHttpResponseError.None"/> otherwise.</summary>
    public SstpHttpResponseError Error { get; private set; }

    /// <summary>
    /// Done: the server accepted; <paramref name="consumed"/> is the head length and later bytes are SSTP.
    /// NeedMoreData: call again with more. InvalidData: see <see cref="Error"/>. Final results repeat.
    /// </summary>
    public OperationStatus Parse(ReadOnlySpan<byte> received, out int consumed)
    {
        consumed = _headLength;
        if (_headLength > 0)
        {
            return OperationStatus.Done;
        }

        if (Error != SstpHttpResponseError.None)
        {
            return OperationStatus.InvalidData;
        }

        while (true)
        {
            switch (_scanner.ReadLine(received, _maxHeadBytes, out ReadOnlySpan<byte> line))
            {
                case HttpLineStatus.NeedMoreData:
                    return OperationStatus.NeedMoreData;
                case HttpLineStatus.HeadTooLarge:
                    return Fail(SstpHttpResponseError.HeadTooLarge);
                case HttpLineStatus.BareLineFeed:
                    return Fail(SstpHttpResponseError.BareLineFeed);
                case HttpLineStatus.BareCarriageReturn:
                    return Fail(_statusLineDone ? SstpHttpResponseError.MalformedHeader : SstpHttpResponseError.MalformedStatusLine);
            }

            SstpHttpResponseError error;
            if (!_statusLineDone)
            {
                _statusLineDone = true;
                error = OnStatusLine(line);
            }
            else if (line.IsEmpty)
            {
                _headLength = consumed = _scanner.Position;
                return OperationStatus.Done;
            }
            else
            {
                error = OnHeaderLine(line);
            }

            if (error != SstpHttpResponseError.None)
            {
                return Fail(error);
            }
        }
    }

    // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. A missing final SP when
    // the reason is empty is tolerated: only the code matters to a client (RFC 9112 §4, "SHOULD ignore").
    private SstpHttpResponseError OnStatusLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < 12 || line[8] != HttpSyntax.Sp || (line.Length > 12 && line[12] != HttpSyntax.Sp)
            || !HttpSyntax.TryParseVersion(line[..8], out int major, out int minor)
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11]))
        {
            return SstpHttpResponseError.MalformedStatusLine;
        }

        ReadOnlySpan<byte> reason = line.Length > 13 ? line[13..] : default;
        if (reason.ContainsAnyExceptInRange(HttpSyntax.Sp, (byte)0xFF) || reason.Contains((byte)0x7F))
        {
            return SstpHttpResponseError.MalformedStatusLine;
        }

        StatusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        ReasonPhrase = Encoding.Latin1.GetString(reason);
        if (major != 1 || minor != 1)
        {
            return SstpHttpResponseError.UnsupportedHttpVersion;
        }

        return StatusCode == (int)SstpHttpStatus.Ok ? SstpHttpResponseError.None : SstpHttpResponseError.UnexpectedStatus;
    }

    private SstpHttpResponseError OnHeaderLine(ReadOnlySpan<byte> line)
    {
        if (++_headerLines > _maxHeaderLines)
        {
            return SstpHttpResponseError.TooManyHeaderLines;
        }

        if (line[0] is HttpSyntax.Sp or HttpSyntax.Htab || !HttpSyntax.TrySplitField(line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value))
        {
            return SstpHttpResponseError.MalformedHeader;
        }

        if (Ascii.EqualsIgnoreCase(name, SstpHttpConstants.ContentLengthHeaderBytes))
        {
            // sstpc src/sstp-http.c: a present Content-Length must be ULONGLONG_MAX.
            if (_sawContentLength || !HttpSyntax.TryParseContentLength(value, out ulong length) || length != SstpHttpConstants.ContentLength)
            {
                return SstpHttpResponseError.InvalidContentLength;
            }

            _sawContentLength = true;
        }

        return SstpHttpResponseError.None;
    }

    private OperationStatus Fail(SstpHttpResponseError error)
    {
        Error = error;
        return OperationStatus.InvalidData;
    }
}
