using System.Buffers;
using System.Security.Cryptography;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>The Message of an MS-CHAPv2 Success packet: <c>S=&lt;40 HEX&gt; M=&lt;text&gt;</c> (RFC 2759 §5).</summary>
public static class MsChapV2SuccessMessage
{
    private const int AuthenticatorResponseLength = MsChapV2Algorithms.AuthenticatorResponseLength;

    /// <summary>
    /// Writes "S=…" + " M=" + text. Exactly one space: Windows Server 2019 omits it and broke
    /// pppd &lt; 2.4.9 (interop #32). Returns the bytes written.
    /// </summary>
    public static int Format(Span<byte> destination, ReadOnlySpan<byte> authenticatorResponse, ReadOnlySpan<byte> text)
    {
        int length = AuthenticatorResponseLength + 3 + text.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination too small for the Success message.", nameof(destination));
        }

        authenticatorResponse[..AuthenticatorResponseLength].CopyTo(destination);
        " M="u8.CopyTo(destination[AuthenticatorResponseLength..]);
        text.CopyTo(destination[(AuthenticatorResponseLength + 3)..]);
        return length;
    }

    // RFC 2759 §5: "S=<auth_string> M=<message>", auth_string = 40 hex digits.
    // Accepted: the M= part missing (SoftEther), or the space missing (Windows Server 2019).
    public static OperationStatus TryParse(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> authenticatorResponse, out ReadOnlySpan<byte> text) // RFC 2759 §5
    {
        authenticatorResponse = default;
        text = default;
        if (message.Length < AuthenticatorResponseLength
            || message[0] != (byte)'S'
            || message[1] != (byte)'='
            || !AsciiHex.IsHex(message[2..AuthenticatorResponseLength]))
        {
            return OperationStatus.InvalidData;
        }

        ReadOnlySpan<byte> rest = message[AuthenticatorResponseLength..].TrimStart((byte)' ');
        if (!rest.IsEmpty)
        {
            if (!rest.StartsWith("M="u8))
            {
                return OperationStatus.InvalidData;
            }

            text = rest[2..];
        }

        authenticatorResponse = message[..AuthenticatorResponseLength];
        return OperationStatus.Done;
    }

    /// <summary>
    /// Compares a received "S=…" with the expected one in constant time, ignoring the case of the
    /// hex digits (RFC 2759 §5 asks for upper case; accepting lower case costs nothing).
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> received, ReadOnlySpan<byte> expected)
    {
        if (received.Length != AuthenticatorResponseLength || expected.Length != AuthenticatorResponseLength)
        {
            return false;
        }

        Span<byte> upper = stackalloc byte[AuthenticatorResponseLength];
        for (int i = 0; i < upper.Length; i++)
        {
            byte b = received[i];
            upper[i] = b is >= (byte)'a' and <= (byte)'f' ? (byte)(b - 0x20) : b;
        }

        return CryptographicOperations.FixedTimeEquals(upper, expected);
    }
}
