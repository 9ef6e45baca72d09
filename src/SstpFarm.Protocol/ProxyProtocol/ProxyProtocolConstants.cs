namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>Spec constants of the PROXY protocol (haproxy doc/proxy-protocol.txt §2.1, §2.2).</summary>
public static class ProxyProtocolConstants
{
    /// <summary>v2: 12-byte signature + ver_cmd + fam + 16-bit length.</summary>
    public const int V2PreambleLength = 16;

    /// <summary>v1: the longest line a receiver must accept, CRLF included ("PROXY UNKNOWN" with two IPv6 addresses).</summary>
    public const int V1MaxLineLength = 107;

    /// <summary>v2 version nibble, high four bits of byte 13.</summary>
    public const byte V2Version = 0x2;

    /// <summary>Address block sizes: 2×4 + 2×2 for IPv4, 2×16 + 2×2 for IPv6, 2×108 for AF_UNIX.</summary>
    public const int Inet4AddressBlockLength = 12;

    public const int Inet6AddressBlockLength = 36;

    public const int UnixAddressBlockLength = 216;

    /// <summary>§2.2.5: PP2_TYPE_UNIQUE_ID carries up to 128 bytes.</summary>
    public const int MaxUniqueIdLength = 128;

    /// <summary>\r\n\r\n\0\r\nQUIT\n: contains a NUL so it is never mistaken for text.</summary>
    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>"PROXY " opens every v1 line.</summary>
    public static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;
}
