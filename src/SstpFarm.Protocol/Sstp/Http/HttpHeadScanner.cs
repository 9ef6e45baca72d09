namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>Outcome of <see cref="HttpHeadScanner.ReadLine"/>.</summary>
internal enum HttpLineStatus
{
    Line,
    NeedMoreData,
    HeadTooLarge,
    BareLineFeed,
    BareCarriageReturn,
}

/// <summary>
/// Cuts an HTTP/1.1 message head into CRLF-terminated lines (RFC 9112 §2.1, §2.2), remembering how far it
/// got, over a buffer that only grows between calls (the caller passes everything received so far).
/// Only the first <c>maxHeadBytes</c> bytes are ever looked at, so a head that does not end inside that
/// window is reported as too large without scanning further.
/// </summary>
internal struct HttpHeadScanner
{
    private int _next;

    /// <summary>Offset of the first byte not yet returned as part of a line.</summary>
    public readonly int Position => _next;

    /// <summary>The bytes after <see cref="Position"/> inside the window, up to (not including) the next LF.</summary>
    public readonly ReadOnlySpan<byte> PendingLine(ReadOnlySpan<byte> received, int maxHeadBytes)
    {
        ReadOnlySpan<byte> window = Window(received, maxHeadBytes);
        int lf = window.IndexOf(HttpSyntax.Lf);
        return lf < 0 ? window : window[..lf];
    }

    /// <summary>Returns the next line without its CRLF, or why there is none yet.</summary>
    public HttpLineStatus ReadLine(ReadOnlySpan<byte> received, int maxHeadBytes, out ReadOnlySpan<byte> line)
    {
        line = default;
        ReadOnlySpan<byte> window = Window(received, maxHeadBytes);
        int lf = window.IndexOf(HttpSyntax.Lf);
        if (lf < 0)
        {
            return received.Length >= maxHeadBytes ? HttpLineStatus.HeadTooLarge : HttpLineStatus.NeedMoreData;
        }

        // RFC 9112 §2.2 lets a recipient accept a bare LF; we do not (see SstpHttpRequestParser).
        if (lf == 0 || window[lf - 1] != HttpSyntax.Cr)
        {
            return HttpLineStatus.BareLineFeed;
        }

        line = window[..(lf - 1)];
        if (line.Contains(HttpSyntax.Cr))
        {
            return HttpLineStatus.BareCarriageReturn;
        }

        _next += lf + 1;
        return HttpLineStatus.Line;
    }

    private readonly ReadOnlySpan<byte> Window(ReadOnlySpan<byte> received, int maxHeadBytes) =>
        _next >= Math.Min(received.Length, maxHeadBytes) ? default : received[_next..Math.Min(received.Length, maxHeadBytes)];
}
