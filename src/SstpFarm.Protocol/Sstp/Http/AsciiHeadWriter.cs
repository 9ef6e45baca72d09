using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>Appends the pieces of an HTTP head to a caller's buffer; a too-small buffer is a caller bug and throws.</summary>
internal ref struct AsciiHeadWriter
{
    private readonly Span<byte> _destination;
    private int _written;

    public AsciiHeadWriter(Span<byte> destination)
    {
        _destination = destination;
        _written = 0;
    }

    public readonly int Written => _written;

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        _written += bytes.Length;
    }

    /// <summary>Appends text the caller has already checked to be ASCII.</summary>
    public void AppendAscii(string text)
    {
        _written += Encoding.ASCII.GetBytes(text, Free(text.Length));
    }

    public void AppendDecimal(ulong value)
    {
        if (!Utf8Formatter.TryFormat(value, _destination[_written..], out int length))
        {
            ThrowTooSmall();
        }

        _written += length;
    }

    /// <summary>RFC 9110 §5.6.7 IMF-fixdate ("Thu, 09 Nov 2006 00:51:09 GMT"), always in UTC.</summary>
    public void AppendHttpDate(DateTimeOffset date)
    {
        if (!Utf8Formatter.TryFormat(date.UtcDateTime, _destination[_written..], out int length, new StandardFormat('R')))
        {
            ThrowTooSmall();
        }

        _written += length;
    }

    /// <summary>"{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" in upper case, as Windows' StringFromGUID2 writes it.</summary>
    public void AppendBracedGuid(Guid value)
    {
        Span<byte> target = Free(38);
        _ = Utf8Formatter.TryFormat(value, target, out int length, new StandardFormat('B'));
        _ = Ascii.ToUpperInPlace(target[..length], out _);
        _written += length;
    }

    private readonly Span<byte> Free(int length)
    {
        if (_destination.Length - _written < length)
        {
            ThrowTooSmall();
        }

        return _destination.Slice(_written, length);
    }

    private static void ThrowTooSmall() =>
        throw new ArgumentException("The destination buffer is too small for the HTTP head.", "destination");

    /// <summary>True if <paramref name="value"/> is 1..<paramref name="maxLength"/> visible ASCII characters (SP allowed inside when <paramref name="allowSpace"/>).</summary>
    public static bool IsHeaderText(string? value, int maxLength, bool allowSpace)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength || value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is < '!' or > '~' && !(allowSpace && c == ' '))
            {
                return false;
            }
        }

        return true;
    }
}
