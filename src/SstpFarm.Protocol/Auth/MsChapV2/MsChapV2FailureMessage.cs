using System.Buffers;
using System.Buffers.Text;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// The Message of an MS-CHAPv2 Failure packet: <c>E=691 R=0 C=&lt;32 hex&gt; V=3 M=&lt;text&gt;</c> (RFC 2759 §6).
/// </summary>
public static class MsChapV2FailureMessage
{
    private const int ChallengeHexLength = 2 * MsChapV2Algorithms.ChallengeSize;

    /// <summary>
    /// Writes the failure message; C= is always present (interop #33). <paramref name="challenge"/>
    /// is the 16-byte challenge a retry would use. Returns the bytes written.
    /// </summary>
    public static int Format(Span<byte> destination, MsChapV2ErrorCode error, bool retry, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> text)
    {
        int offset = 0;
        Append(destination, ref offset, "E="u8);
        if (!Utf8Formatter.TryFormat((int)error, destination[offset..], out int written))
        {
            throw new ArgumentException("Destination too small for the Failure message.", nameof(destination));
        }

        offset += written;
        Append(destination, ref offset, retry ? " R=1 C="u8 : " R=0 C="u8);
        if (destination.Length - offset < ChallengeHexLength)
        {
            throw new ArgumentException("Destination too small for the Failure message.", nameof(destination));
        }

        offset += AsciiHex.EncodeUpper(challenge[..MsChapV2Algorithms.ChallengeSize], destination[offset..]);
        Append(destination, ref offset, " V=3 M="u8);
        Append(destination, ref offset, text);
        return offset;
    }

    // RFC 2759 §6: "E=eeeeeeeeee R=r C=cccccccccccccccccccccccccccccccc V=vvvvvvvvvv M=<msg>",
    // fields separated by single spaces, M= runs to the end. E= is required; C= must be 32 hex
    // digits when present (accel leaves it out, interop #33); unknown fields are skipped.
    public static OperationStatus TryParse(ReadOnlySpan<byte> message, out MsChapV2Failure result) // RFC 2759 §6
    {
        result = default;
        int errorCode = -1;
        bool retry = false;
        int version = 0;
        ReadOnlySpan<byte> challenge = default;
        ReadOnlySpan<byte> text = default;

        ReadOnlySpan<byte> rest = message;
        while (!(rest = rest.TrimStart((byte)' ')).IsEmpty)
        {
            if (rest.StartsWith("M="u8))
            {
                text = rest[2..];
                break;
            }

            int space = rest.IndexOf((byte)' ');
            ReadOnlySpan<byte> field = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[space..];
            if (field.Length < 2 || field[1] != (byte)'=')
            {
                continue;
            }

            ReadOnlySpan<byte> value = field[2..];
            switch (field[0])
            {
                case (byte)'E':
                    if (!TryParseNumber(value, out errorCode))
                    {
                        return OperationStatus.InvalidData;
                    }

                    break;
                case (byte)'R':
                    if (value.Length != 1 || value[0] is not ((byte)'0' or (byte)'1'))
                    {
                        return OperationStatus.InvalidData;
                    }

                    retry = value[0] == (byte)'1';
                    break;
                case (byte)'C':
                    if (value.Length != ChallengeHexLength || !AsciiHex.IsHex(value))
                    {
                        return OperationStatus.InvalidData;
                    }

                    challenge = value;
                    break;
                case (byte)'V':
                    if (!TryParseNumber(value, out version))
                    {
                        return OperationStatus.InvalidData;
                    }

                    break;
            }
        }

        if (errorCode < 0)
        {
            return OperationStatus.InvalidData;
        }

        result = new MsChapV2Failure(errorCode, retry, challenge, version, text);
        return OperationStatus.Done;
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> digits, out int value) =>
        Utf8Parser.TryParse(digits, out value, out int consumed) && consumed == digits.Length && value >= 0;

    private static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> part)
    {
        if (destination.Length - offset < part.Length)
        {
            throw new ArgumentException("Destination too small for the Failure message.", nameof(destination));
        }

        part.CopyTo(destination[offset..]);
        offset += part.Length;
    }
}
