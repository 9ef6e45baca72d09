using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Host.Certificates;

namespace SstpFarm.Host.Tests.Reload;

/// <summary>A certificate and its key as PEM text, as an operator or certbot would put them on disk.</summary>
internal sealed record PemPair(string Certificate, string Key, byte[] Sha256)
{
    public static PemPair Create(DateTimeOffset now, string hostName = "vpn.example.com")
    {
        using X509Certificate2 certificate = SelfSignedCertificate.Create(hostName, now);
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        return new PemPair(certificate.ExportCertificatePem() + "\n", key.ExportPkcs8PrivateKeyPem() + "\n", SHA256.HashData(certificate.RawData));
    }

    public string Sha256Text => CertificateFingerprints.Format(Sha256);

    public void WriteTo(string certPath, string keyPath)
    {
        File.WriteAllText(certPath, Certificate);
        File.WriteAllText(keyPath, Key);
    }
}
