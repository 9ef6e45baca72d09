using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Host.Certificates;

/// <summary>The certificate a fresh node presents until the operator configures a real one.</summary>
public static class SelfSignedCertificate
{
    /// <summary>
    /// 825 days: the longest lifetime Apple platforms accept for a TLS server certificate; long,
    /// because clients pin this certificate (or import it), and a new one means touching every client.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(825);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1"; // id-kp-serverAuth, RFC 5280 §4.2.1.12

    /// <summary>ECDSA P-256 (cheaper handshakes than RSA-2048, design.md §5), CN and SAN = <paramref name="hostName"/>, EKU serverAuth.</summary>
    public static X509Certificate2 Create(string hostName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(hostName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostName, out IPAddress? address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(hostName);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // Backdated an hour so a client whose clock is a little behind still accepts it.
        return request.CreateSelfSigned(now.AddHours(-1), now + Lifetime);
    }
}
