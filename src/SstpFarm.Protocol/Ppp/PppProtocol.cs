namespace SstpFarm.Protocol.Ppp;

/// <summary>
/// PPP protocol numbers (RFC 1661 §2, IANA "PPP DLL Protocol Numbers") and their classification.
/// </summary>
public static class PppProtocol
{
    public const ushort Ipv4 = 0x0021;
    public const ushort Multilink = 0x003D;
    public const ushort Ipv6 = 0x0057;
    public const ushort Ipcp = 0x8021;
    public const ushort Ecp = 0x8053;
    public const ushort Ipv6cp = 0x8057;
    public const ushort Ccp = 0x80FD;
    public const ushort Lcp = 0xC021;
    public const ushort Pap = 0xC023;
    public const ushort Lqr = 0xC025;
    public const ushort Cbcp = 0xC029;
    public const ushort Bacp = 0xC02B;
    public const ushort Bap = 0xC02D;
    public const ushort Chap = 0xC223;
    public const ushort Eap = 0xC227;

    /// <summary>
    /// NCPs (0x8000–0xBFFF) and link-layer control protocols (0xC000–0xFFFF): packets with a
    /// Code/Identifier/Length header (RFC 1661 §2).
    /// </summary>
    public static bool IsControl(ushort protocol) => protocol >= 0x8000;

    /// <summary>Network-layer datagrams (0x0000–0x3FFF, RFC 1661 §2), e.g. IPv4 and IPv6.</summary>
    public static bool IsNetworkData(ushort protocol) => protocol < 0x4000;

    /// <summary>
    /// A valid protocol number has an even high byte and an odd low byte (RFC 1661 §2), which is
    /// what makes Protocol-Field-Compression decodable.
    /// </summary>
    public static bool IsWellFormed(ushort protocol) => (protocol & 0x0100) == 0 && (protocol & 0x0001) == 1;
}
