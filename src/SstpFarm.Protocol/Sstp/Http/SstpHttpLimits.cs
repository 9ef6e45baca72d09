namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>
/// Tuning limits of the SSTP HTTP handshake parsers (server request and client response side).
/// Each default says where it comes from; setters reject values outside a sane range.
/// Parsers copy the values when they are created, so changing an instance later affects only new parsers.
/// </summary>
public sealed class SstpHttpLimits
{
    /// <summary>
    /// 4096: ogital caps the request head at 4 KiB (sorz at 10 KiB); a Windows, sstpc or Open-SSTP-Client
    /// request is about 200 bytes, so 4 KiB leaves room for a long Host or Cookie (sstp.md §3.3).
    /// </summary>
    public const int DefaultMaxHeadBytes = 4096;

    /// <summary>
    /// 32: every known SSTP client sends three or four header lines (sstp.md §3.1); Kestrel allows 100 for
    /// general HTTP, which an SSTP endpoint does not need.
    /// </summary>
    public const int DefaultMaxHeaderLines = 32;

    /// <summary>
    /// 64: Windows sends a 38-character "{GUID}", sstpc a shorter 4-group form, a brace-less UUID is 36;
    /// the value is only logged, so longer ones are truncated rather than refused (interop.md item 11).
    /// </summary>
    public const int DefaultMaxCorrelationIdLength = 64;

    // Below this a valid SSTP request line (72 bytes with CRLF) plus CRLFCRLF would not fit.
    private const int MinHeadBytes = 128;
    private const int MaxHeadBytesCeiling = 64 * 1024;
    private const int MaxHeaderLinesCeiling = 1000;
    private const int MaxCorrelationIdCeiling = 1024;

    private int _maxHeadBytes = DefaultMaxHeadBytes;
    private int _maxHeaderLines = DefaultMaxHeaderLines;
    private int _maxCorrelationIdLength = DefaultMaxCorrelationIdLength;

    /// <summary>Largest accepted head: start line, header lines and the final CRLFCRLF.</summary>
    public int MaxHeadBytes
    {
        get => _maxHeadBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinHeadBytes);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxHeadBytesCeiling);
            _maxHeadBytes = value;
        }
    }

    /// <summary>Largest number of header (field) lines, not counting the start line and the empty line.</summary>
    public int MaxHeaderLines
    {
        get => _maxHeaderLines;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxHeaderLinesCeiling);
            _maxHeaderLines = value;
        }
    }

    /// <summary>SSTPCORRELATIONID values longer than this are truncated to it.</summary>
    public int MaxCorrelationIdLength
    {
        get => _maxCorrelationIdLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxCorrelationIdCeiling);
            _maxCorrelationIdLength = value;
        }
    }

    public override string ToString() =>
        $"MaxHeadBytes={MaxHeadBytes}, MaxHeaderLines={MaxHeaderLines}, MaxCorrelationIdLength={MaxCorrelationIdLength}";
}
