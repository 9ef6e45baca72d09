namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>
/// Hash Protocol Bitmask of the Crypto Binding Request attribute (MS-SSTP §2.2.6) — several bits may be set —
/// and Hash Protocol of the Crypto Binding (MS-SSTP §2.2.7) — exactly one bit. Names as in the spec.
/// </summary>
[Flags]
public enum CertHashProtocols : byte
{
    None = 0x00,
    CERT_HASH_PROTOCOL_SHA1 = 0x01,
    CERT_HASH_PROTOCOL_SHA256 = 0x02,
}
