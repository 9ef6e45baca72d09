using System.Buffers;

namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>The RFC 9110/9112 grammar pieces both handshake parsers need.</summary>
internal static class HttpSyntax
{
    public const byte Cr = (byte)'\r';
    public const byte Lf = (byte)'\n';
    public const byte Sp = (byte)' ';
    public const byte Htab = (byte)'\t';

    // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // RFC 9110 §5.5: field-value bytes are VCHAR, obs-text, SP and HTAB; every other control byte is refused.
    private static readonly SearchValues<byte> FieldValueForbidden = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F]);

    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(TokenChars);

    public static bool IsTokenChar(byte value) => TokenChars.Contains(value);

    /// <summary>VCHAR only (0x21..0x7E): request-target and status digits.</summary>
    public static bool IsVisibleAscii(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E);

    /// <summary>
    /// RFC 9112 §5.1: field-line = field-name ":" OWS field-value OWS, no whitespace before the colon.
    /// A line starting with SP/HTAB is an obs-fold continuation, which §5.2 lets a server reject.
    /// </summary>
    public static bool TrySplitField(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        int colon = line.IndexOf((byte)':');
        name = colon > 0 ? line[..colon] : default;
        value = colon > 0 ? line[(colon + 1)..].Trim(" \t"u8) : default;
        return colon > 0 && IsToken(name) && !value.ContainsAny(FieldValueForbidden);
    }

    /// <summary>RFC 9110 §8.6: Content-Length = 1*DIGIT. Refuses signs, spaces, lists and values above 2^64−1.</summary>
    public static bool TryParseContentLength(ReadOnlySpan<byte> value, out ulong length)
    {
        length = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (byte b in value)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9 || length > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            length = (length * 10) + digit;
        }

        return true;
    }

    /// <summary>RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive).</summary>
    public static bool TryParseVersion(ReadOnlySpan<byte> value, out int major, out int minor)
    {
        major = minor = 0;
        if (value.Length != 8 || !value.StartsWith("HTTP/"u8) || value[6] != (byte)'.'
            || !char.IsAsciiDigit((char)value[5]) || !char.IsAsciiDigit((char)value[7]))
        {
            return false;
        }

        major = value[5] - '0';
        minor = value[7] - '0';
        return true;
    }
}
