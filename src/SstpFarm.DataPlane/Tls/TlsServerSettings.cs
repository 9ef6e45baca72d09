using System.Net.Security;
using System.Security.Authentication;

namespace SstpFarm.DataPlane.Tls;

/// <summary>
/// The fixed part of the server's TLS configuration (design.md §6): TLS 1.2 and 1.3 only, AEAD suites with
/// forward secrecy only (on Linux, where <see cref="CipherSuitesPolicy"/> is supported), ALPN http/1.1, no
/// client certificates, no renegotiation.
/// </summary>
public static class TlsServerSettings
{
    /// <summary>TLS 1.3 suites (all AEAD, all ephemeral) and the TLS 1.2 ECDHE + AEAD suites.</summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites { get; } =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly CipherSuitesPolicy? Policy = OperatingSystem.IsLinux() ? new CipherSuitesPolicy(CipherSuites) : null;

    /// <summary>Options for one server handshake with <paramref name="credentials"/>.</summary>
    public static SslServerAuthenticationOptions Create(ServerCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = credentials.Context ?? throw new ArgumentException("No TLS certificate.", nameof(credentials)),
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = false,
            AllowRenegotiation = false,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
        };
        if (OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = Policy;
        }

        return options;
    }
}
