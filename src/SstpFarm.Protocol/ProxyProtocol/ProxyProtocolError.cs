namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>Why <see cref="ProxyProtocolParser"/> returned InvalidData. Every one means: close the connection.</summary>
public enum ProxyProtocolError
{
    None,

    /// <summary>Neither the v2 signature nor "PROXY " (§2.2: "not covered by this specification").</summary>
    NotProxyProtocol,

    /// <summary>v2 version nibble is not 2.</summary>
    UnsupportedVersion,

    /// <summary>v2 command is neither LOCAL nor PROXY.</summary>
    UnsupportedCommand,

    /// <summary>v2 family/transport byte is not one of 0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32.</summary>
    UnsupportedAddressFamily,

    /// <summary>v2 length is shorter than the address block its family needs.</summary>
    AddressBlockTruncated,

    /// <summary>v2 header longer than <see cref="ProxyProtocolLimits.MaxHeaderBytes"/>.</summary>
    HeaderTooLarge,

    /// <summary>A TLV runs past the header, or a known TLV has an impossible length or a malformed SSL sub-TLV.</summary>
    InvalidTlv,

    /// <summary>A TLV that may appear once (all registered ones but NOOP) appears twice.</summary>
    DuplicateTlv,

    /// <summary>PP2_TYPE_CRC32C does not match the header (§2.2.3: treat the connection as invalid).</summary>
    ChecksumMismatch,

    /// <summary>A v1 line that does not match §2.1 exactly, or has no CRLF within 107 bytes.</summary>
    InvalidV1Header,
}
