using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Node.Tests.Infrastructure;

/// <summary>A throwaway CA and a server certificate it signed (ECDSA P-256).</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    public X509Certificate2 Ca { get; }

    /// <summary>With its private key.</summary>
    public X509Certificate2 Server { get; }

    public static TestCertificates Create(string serverName = "sstp.test")
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SstpFarm Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddDays(-2), now.AddYears(2));

        ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={serverName}", serverKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(serverName);
        request.CertificateExtensions.Add(san.Build());
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using X509Certificate2 signed = request.Create(ca, now.AddDays(-1), now.AddYears(1), serial);
        X509Certificate2 server = signed.CopyWithPrivateKey(serverKey);
        return new TestCertificates(ca, server);
    }

    public string WriteCaPem(string directory)
    {
        string path = Path.Combine(directory, "ca.pem");
        File.WriteAllText(path, Ca.ExportCertificatePem());
        return path;
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
