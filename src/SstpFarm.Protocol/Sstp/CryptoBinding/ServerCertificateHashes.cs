namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>
/// The certificate hashes the server expects in Call Connected (ServerCertificateHash, MS-SSTP §3.3.3):
/// those of the certificate the client sees — a TLS-terminating proxy's certificate when there is one.
/// Either hash may be unknown; only known ones can be offered.
/// </summary>
public sealed class ServerCertificateHashes
{
    private readonly byte[] _sha1;
    private readonly byte[] _sha256;

    /// <summary>Configured hashes, e.g. of a proxy's certificate; pass an empty span for an unknown one.</summary>
    public ServerCertificateHashes(ReadOnlySpan<byte> sha1, ReadOnlySpan<byte> sha256)
    {
        if (!sha1.IsEmpty)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(sha1.Length, SstpCryptoBinding.Sha1Length, nameof(sha1));
        }

        if (!sha256.IsEmpty)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(sha256.Length, SstpCryptoBinding.Sha256Length, nameof(sha256));
        }

        if (sha1.IsEmpty && sha256.IsEmpty)
        {
            throw new ArgumentException("At least one certificate hash is needed for crypto binding.");
        }

        _sha1 = sha1.ToArray();
        _sha256 = sha256.ToArray();
    }

    /// <summary>Both hashes of the DER-encoded leaf certificate this connection presents.</summary>
    public static ServerCertificateHashes FromCertificate(ReadOnlySpan<byte> der)
    {
        Span<byte> sha1 = stackalloc byte[SstpCryptoBinding.Sha1Length];
        Span<byte> sha256 = stackalloc byte[SstpCryptoBinding.Sha256Length];
        SstpCryptoBinding.ComputeCertificateHash(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1, der, sha1);
        SstpCryptoBinding.ComputeCertificateHash(CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, der, sha256);
        return new ServerCertificateHashes(sha1, sha256);
    }

    /// <summary>The protocols a hash is known for.</summary>
    public CertHashProtocols Available =>
        (_sha1.Length > 0 ? CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 : CertHashProtocols.None)
        | (_sha256.Length > 0 ? CertHashProtocols.CERT_HASH_PROTOCOL_SHA256 : CertHashProtocols.None);

    /// <summary>The hash for one protocol; empty if unknown.</summary>
    public ReadOnlySpan<byte> Get(CertHashProtocols protocol) => protocol switch
    {
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 => _sha1,
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA256 => _sha256,
        _ => default,
    };
}
