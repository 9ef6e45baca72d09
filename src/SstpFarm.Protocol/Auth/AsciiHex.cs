namespace SstpFarm.Protocol.Auth;

/// <summary>Hex digits as ASCII bytes, the form MS-CHAPv2 messages carry (RFC 2759 §5-§6).</summary>
internal static class AsciiHex
{
    private static ReadOnlySpan<byte> UpperDigits => "0123456789ABCDEF"u8;

    /// <summary>Writes upper-case hex (RFC 2759 §5 requires upper case); returns the digits written.</summary>
    public static int EncodeUpper(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = UpperDigits[bytes[i] >> 4];
            destination[(2 * i) + 1] = UpperDigits[bytes[i] & 0x0F];
        }

        return bytes.Length * 2;
    }

    /// <summary>Decodes hex of either case; false on an odd count or a non-hex digit.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> digits, Span<byte> destination)
    {
        if (digits.Length % 2 != 0 || destination.Length < digits.Length / 2)
        {
            return false;
        }

        for (int i = 0; i < digits.Length / 2; i++)
        {
            int high = Value(digits[2 * i]);
            int low = Value(digits[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    public static bool IsHex(ReadOnlySpan<byte> digits)
    {
        foreach (byte digit in digits)
        {
            if (Value(digit) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int Value(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        _ => -1,
    };
}
