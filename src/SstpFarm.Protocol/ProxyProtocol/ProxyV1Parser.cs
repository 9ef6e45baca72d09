using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// Text header, PROXY protocol v1 (haproxy doc/proxy-protocol.txt §2.1): one US-ASCII line of at most
/// 107 bytes, single spaces, no leading zeros, CRLF only.
/// <code>
/// PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n
/// PROXY TCP6 2001:db8::1 2001:db8::2 56324 443\r\n
/// PROXY UNKNOWN[ anything]\r\n
/// </code>
/// </summary>
internal static class ProxyV1Parser
{
    private static readonly SearchValues<byte> Ipv6Chars = SearchValues.Create("0123456789abcdefABCDEF:"u8);

    public static OperationStatus Parse(ReadOnlySpan<byte> received, out ProxyHeader? header, out int consumed, out ProxyProtocolError error)
    {
        header = null;
        consumed = 0;
        error = ProxyProtocolError.None;
        ReadOnlySpan<byte> prefix = ProxyProtocolConstants.V1Prefix;
        int compared = Math.Min(received.Length, prefix.Length);
        if (!received[..compared].SequenceEqual(prefix[..compared]))
        {
            error = ProxyProtocolError.NotProxyProtocol;
            return OperationStatus.InvalidData;
        }

        ReadOnlySpan<byte> window = received[..Math.Min(received.Length, ProxyProtocolConstants.V1MaxLineLength)];
        int lf = window.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = lf < 0 ? window : window[..lf];

        // Refuse as soon as a byte can no longer belong to a valid line: "It is recommended to abort the
        // connection as soon as possible". A CR may only be the last byte before the LF.
        ReadOnlySpan<byte> text = !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;
        if (text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7E)
            || (lf >= 0 && (line.IsEmpty || line[^1] != (byte)'\r'))
            || (lf < 0 && window.Length == ProxyProtocolConstants.V1MaxLineLength))
        {
            error = ProxyProtocolError.InvalidV1Header;
            return OperationStatus.InvalidData;
        }

        if (lf < 0)
        {
            return OperationStatus.NeedMoreData;
        }

        header = ParseLine(text[prefix.Length..], lf + 1);
        if (header is null)
        {
            error = ProxyProtocolError.InvalidV1Header;
            return OperationStatus.InvalidData;
        }

        consumed = lf + 1;
        return OperationStatus.Done;
    }

    private static ProxyHeader? ParseLine(ReadOnlySpan<byte> rest, int length)
    {
        // "For UNKNOWN, the rest of the line before the CRLF may be omitted by the sender, and the receiver
        // must ignore anything presented before the CRLF is found."
        if (rest.SequenceEqual("UNKNOWN"u8) || rest.StartsWith("UNKNOWN "u8))
        {
            return new ProxyHeader(1, ProxyCommand.PROXY, ProxyAddressFamily.AF_UNSPEC, ProxyTransportProtocol.UNSPEC, length);
        }

        Span<Range> parts = stackalloc Range[6];
        if (Split(rest, (byte)' ', parts) != 5)
        {
            return null;
        }

        ReadOnlySpan<byte> protocol = rest[parts[0]];
        bool inet4 = protocol.SequenceEqual("TCP4"u8);
        if (!inet4 && !protocol.SequenceEqual("TCP6"u8))
        {
            return null;
        }

        IPAddress? source = inet4 ? ParseIPv4(rest[parts[1]]) : ParseIPv6(rest[parts[1]]);
        IPAddress? destination = inet4 ? ParseIPv4(rest[parts[2]]) : ParseIPv6(rest[parts[2]]);
        int sourcePort = ParsePort(rest[parts[3]]);
        int destinationPort = ParsePort(rest[parts[4]]);
        if (source is null || destination is null || sourcePort < 0 || destinationPort < 0)
        {
            return null;
        }

        return new ProxyHeader(1, ProxyCommand.PROXY, inet4 ? ProxyAddressFamily.AF_INET : ProxyAddressFamily.AF_INET6, ProxyTransportProtocol.STREAM, length)
        {
            Source = new IPEndPoint(source, sourcePort),
            Destination = new IPEndPoint(destination, destinationPort),
        };
    }

    // "exactly 4 integers in the range [0..255] ... separated by exactly one dot"; no heading zeroes.
    private static IPAddress? ParseIPv4(ReadOnlySpan<byte> text)
    {
        Span<Range> parts = stackalloc Range[5];
        if (Split(text, (byte)'.', parts) != 4)
        {
            return null;
        }

        uint address = 0;
        foreach (Range part in parts[..4])
        {
            int octet = ParseDecimal(text[part], 3);
            if (octet is < 0 or > 255)
            {
                return null;
            }

            address = (address << 8) | (uint)octet;
        }

        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    // "sets of 4 hexadecimal digits delimited by colons ... one double colon"; no zone, no dotted tail.
    private static IPAddress? ParseIPv6(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text.Length > 39 || text.ContainsAnyExcept(Ipv6Chars))
        {
            return null;
        }

        Span<char> chars = stackalloc char[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            chars[i] = (char)text[i];
        }

        return IPAddress.TryParse(chars, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? address : null;
    }

    // Fills parts and returns how many there were; stops counting one past the room (an extra part means "too many").
    private static int Split(ReadOnlySpan<byte> text, byte separator, Span<Range> parts)
    {
        int count = 0;
        foreach (Range part in text.Split(separator))
        {
            if (count == parts.Length)
            {
                return count + 1;
            }

            parts[count++] = part;
        }

        return count;
    }

    private static int ParsePort(ReadOnlySpan<byte> text)
    {
        int port = ParseDecimal(text, 5);
        return port <= ushort.MaxValue ? port : -1;
    }

    // 1..maxDigits decimal digits, no heading zero unless the number is 0; -1 if not.
    private static int ParseDecimal(ReadOnlySpan<byte> text, int maxDigits)
    {
        if (text.IsEmpty || text.Length > maxDigits || (text.Length > 1 && text[0] == (byte)'0'))
        {
            return -1;
        }

        int value = 0;
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }
}
