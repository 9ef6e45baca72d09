namespace SstpFarm.Protocol.ProxyProtocol;

// Names as in the PROXY protocol specification (haproxy doc/proxy-protocol.txt §2.2).

/// <summary>Low nibble of the 13th byte of a v2 header.</summary>
public enum ProxyCommand : byte
{
    /// <summary>The proxy's own connection (health check): use the real endpoints.</summary>
    LOCAL = 0x0,

    /// <summary>Relayed on behalf of a client: the header carries the original endpoints.</summary>
    PROXY = 0x1,
}

/// <summary>High nibble of the 14th byte of a v2 header.</summary>
public enum ProxyAddressFamily : byte
{
    AF_UNSPEC = 0x0,
    AF_INET = 0x1,
    AF_INET6 = 0x2,
    AF_UNIX = 0x3,
}

/// <summary>Low nibble of the 14th byte of a v2 header.</summary>
public enum ProxyTransportProtocol : byte
{
    UNSPEC = 0x0,
    STREAM = 0x1,
    DGRAM = 0x2,
}

/// <summary>Registered v2 TLV types (§2.2.1-§2.2.7).</summary>
public enum Pp2Type : byte
{
    PP2_TYPE_ALPN = 0x01,
    PP2_TYPE_AUTHORITY = 0x02,
    PP2_TYPE_CRC32C = 0x03,
    PP2_TYPE_NOOP = 0x04,
    PP2_TYPE_UNIQUE_ID = 0x05,
    PP2_TYPE_SSL = 0x20,
    PP2_SUBTYPE_SSL_VERSION = 0x21,
    PP2_SUBTYPE_SSL_CN = 0x22,
    PP2_SUBTYPE_SSL_CIPHER = 0x23,
    PP2_SUBTYPE_SSL_SIG_ALG = 0x24,
    PP2_SUBTYPE_SSL_KEY_ALG = 0x25,
    PP2_TYPE_NETNS = 0x30,
}

/// <summary>The <c>client</c> bit field of a PP2_TYPE_SSL value (§2.2.6).</summary>
[Flags]
public enum Pp2ClientFlags : byte
{
    None = 0,
    PP2_CLIENT_SSL = 0x01,
    PP2_CLIENT_CERT_CONN = 0x02,
    PP2_CLIENT_CERT_SESS = 0x04,
}
