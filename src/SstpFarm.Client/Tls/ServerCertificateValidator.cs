using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Client.Tls;

/// <summary>
/// Decides whether to trust the server certificate: a SHA-256 pin of the leaf, or a chain to the
/// given trust anchors (or the system store), plus the host name unless told otherwise. Records why
/// it said no, so a failed handshake can be reported as ours rather than the server's.
/// </summary>
internal sealed class ServerCertificateValidator
{
    private readonly X509Certificate2Collection? _roots;
    private readonly byte[]? _pin;
    private readonly bool _checkName;

    public ServerCertificateValidator(X509Certificate2Collection? roots, byte[]? pinSha256, bool checkName)
    {
        _roots = roots;
        _pin = pinSha256;
        _checkName = checkName;
    }

    /// <summary>Why the last certificate was rejected; null if it was accepted or none was seen.</summary>
    public string? Rejection { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _ = sender;
        if (certificate is null)
        {
            return Reject("the server sent no certificate");
        }

        using var leaf = new X509Certificate2(certificate);
        if (_pin is not null)
        {
            byte[] actual = SHA256.HashData(leaf.RawData);
            return CryptographicOperations.FixedTimeEquals(actual, _pin)
                ? Accept()
                : Reject($"certificate SHA-256 {Convert.ToHexString(actual)} does not match the pin");
        }

        if (_checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return Reject($"certificate '{leaf.Subject}' does not name the host dialled");
        }

        if (_roots is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
                ? Accept()
                : Reject($"certificate chain not trusted by the system store ({errors})");
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (X509ChainElement element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf)
            ? Accept()
            : Reject("certificate chain does not end in the given CA: "
                + string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString())));
    }

    private bool Accept()
    {
        Rejection = null;
        return true;
    }

    private bool Reject(string why)
    {
        Rejection = why;
        return false;
    }
}
