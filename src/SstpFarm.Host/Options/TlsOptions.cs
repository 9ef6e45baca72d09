namespace SstpFarm.Host.Options;

public sealed class TlsOptions
{
    /// <summary>PEM certificate (full chain). Default: a self-signed one generated in the state directory.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of an encrypted PKCS#8 key. Secret: redacted when options are shown.</summary>
    public string? KeyPassword { get; set; }

    /// <summary>Subject CN and DNS SAN of the generated certificate: the name clients dial. Default: the host name.</summary>
    public string CertificateHostName { get; set; } = Environment.MachineName;

    /// <summary>TLS is terminated by a balancer in front; the node speaks SSTP over plain TCP.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// With <see cref="Disabled"/>: the SHA-256 of the certificate clients see at the balancer.
    /// Crypto binding hashes that certificate, so the node must be told it (MS-SSTP §2.2.7, §3.3.3).
    /// </summary>
    public byte[]? CertificateHashSha256 { get; set; }

    /// <summary>With <see cref="Disabled"/>: the SHA-1 of that certificate, for clients that bind with SHA-1.</summary>
    public byte[]? CertificateHashSha1 { get; set; }

    /// <summary>Generated pair, used when no certificate is configured.</summary>
    public static string GeneratedCertificatePath(string stateDirectory) => Path.Combine(stateDirectory, "tls-cert.pem");

    public static string GeneratedKeyPath(string stateDirectory) => Path.Combine(stateDirectory, "tls-key.pem");
}
