using System.Text;

namespace SstpFarm.Api.Grpc;

/// <summary>
/// The <c>grpc-message</c> value (PROTOCOL-HTTP2.md "Responses"): Percent-Encoded. Bytes 0x20–0x7E
/// other than '%' go as they are; every other byte of the message's UTF-8 form is sent as '%' and
/// two upper-case hex digits. A decoder keeps an invalid '%' sequence as it is.
/// </summary>
public static class GrpcStatusMessage
{
    // PROTOCOL-HTTP2.md: Status-Message → "grpc-message" Percent-Encoded
    public static string Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.All(c => c is >= ' ' and <= '~' and not '%'))
        {
            return message;
        }

        var builder = new StringBuilder(message.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }

    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && char.IsAsciiHexDigit(encoded[i + 1]) && char.IsAsciiHexDigit(encoded[i + 2]))
            {
                bytes.Add(Convert.FromHexString(encoded.AsSpan(i + 1, 2))[0]);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
