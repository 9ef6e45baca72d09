using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Host.Certificates;

/// <summary>
/// Hashes of the DER certificate: what SSTP crypto binding puts in Cert Hash (MS-SSTP §2.2.7) and
/// what pinning clients compare.
/// </summary>
public sealed record CertificateFingerprints(byte[] Sha256, byte[] Sha1)
{
    public static CertificateFingerprints Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateFingerprints(SHA256.HashData(certificate.RawData), SHA1.HashData(certificate.RawData));
    }

    /// <summary>"AB:CD:…", as openssl x509 -fingerprint prints it.</summary>
    public static string Format(byte[] hash) => string.Join(':', Convert.ToHexString(hash).Chunk(2).Select(pair => new string(pair)));
}
