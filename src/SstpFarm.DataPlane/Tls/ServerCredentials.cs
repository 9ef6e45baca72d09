using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.DataPlane.Tls;

/// <summary>
/// One certificate generation: what TLS presents and the hashes crypto binding expects for it. Immutable;
/// a connection captures the current one at accept, so a swap affects new handshakes only and each session
/// checks its binding against the certificate its client actually saw.
/// </summary>
public sealed class ServerCredentials
{
    private ServerCredentials(SslStreamCertificateContext? context, X509Certificate2? certificate, ServerCertificateHashes hashes)
    {
        Context = context;
        Certificate = certificate;
        Hashes = hashes;
    }

    /// <summary>The TLS certificate context (leaf + chain, built once); null when TLS is terminated in front.</summary>
    public SslStreamCertificateContext? Context { get; }

    /// <summary>The leaf certificate; null without TLS.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>SHA-1/SHA-256 of the certificate clients see (MS-SSTP §3.3.3).</summary>
    public ServerCertificateHashes Hashes { get; }

    /// <summary>Credentials for terminating TLS with <paramref name="certificate"/> (must have its private key).</summary>
    public static ServerCredentials ForTls(X509Certificate2 certificate, X509Certificate2Collection? chain)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The server certificate has no private key.", nameof(certificate));
        }

        // offline: true — the chain is what the operator gave us; no AIA fetches at start or on reload.
        SslStreamCertificateContext context = SslStreamCertificateContext.Create(certificate, chain ?? [], offline: true);
        return new ServerCredentials(context, certificate, ServerCertificateHashes.FromCertificate(certificate.RawData));
    }

    /// <summary>Credentials when a balancer terminates TLS: only the hashes of its certificate are known.</summary>
    public static ServerCredentials ForPlainTcp(ReadOnlySpan<byte> sha1, ReadOnlySpan<byte> sha256) =>
        new(null, null, new ServerCertificateHashes(sha1, sha256));
}
