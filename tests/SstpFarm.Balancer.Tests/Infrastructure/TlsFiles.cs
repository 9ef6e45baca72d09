using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>The files a TLS-terminating HAProxy needs: a certificate+key PEM and a ticket key file.</summary>
internal static class TlsFiles
{
    /// <summary>Writes a self-signed ECDSA P-256 certificate for <paramref name="subject"/> and its key into one PEM.</summary>
    public static string WriteCertificate(string path, string subject = "vpn.test")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + subject, key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
        return path;
    }

    /// <summary>Writes three random 80-byte keys, base64, one per line (HAProxy's tls-ticket-keys format).</summary>
    public static string WriteRandomTicketKeys(string path)
    {
        File.WriteAllLines(path, Enumerable.Range(0, 3).Select(_ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(80))));
        return path;
    }
}
