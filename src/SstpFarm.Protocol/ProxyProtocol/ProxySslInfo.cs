namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>Contents of a PP2_TYPE_SSL TLV (§2.2.6): how the client reached the proxy.</summary>
public sealed class ProxySslInfo
{
    internal ProxySslInfo(Pp2ClientFlags client, uint verify)
    {
        Client = client;
        Verify = verify;
    }

    public Pp2ClientFlags Client { get; }

    /// <summary>Zero if the client presented a certificate and it verified, non-zero otherwise.</summary>
    public uint Verify { get; }

    /// <summary>PP2_SUBTYPE_SSL_VERSION, e.g. "TLSv1.3".</summary>
    public string? Version { get; internal set; }

    /// <summary>PP2_SUBTYPE_SSL_CN: Common Name of the client certificate.</summary>
    public string? CommonName { get; internal set; }

    /// <summary>PP2_SUBTYPE_SSL_CIPHER, e.g. "ECDHE-RSA-AES128-GCM-SHA256".</summary>
    public string? Cipher { get; internal set; }

    /// <summary>PP2_SUBTYPE_SSL_SIG_ALG, e.g. "RSA-SHA256".</summary>
    public string? SignatureAlgorithm { get; internal set; }

    /// <summary>PP2_SUBTYPE_SSL_KEY_ALG, e.g. "RSA2048".</summary>
    public string? KeyAlgorithm { get; internal set; }
}
