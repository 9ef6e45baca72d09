using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Api.Security;

/// <summary>Accepts a client certificate only when it chains to one of the configured CAs (and nothing else).</summary>
public sealed class ClientCertificateValidator(X509Certificate2Collection authorities)
{
    /// <summary>Null when the certificate is accepted, else why not.</summary>
    public string? Check(X509Certificate2 certificate, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (X509ChainElement element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        return string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("does not chain to the configured CA"));
    }

    /// <summary>For Kestrel's ClientCertificateValidation: TLS errors about the default trust store do not matter, our chain does.</summary>
    internal bool Validate(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors, Action<string, string> rejected)
    {
        string? problem = (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0 ? "no certificate" : Check(certificate, chain);
        if (problem is not null)
        {
            rejected(certificate.Subject, problem);
        }

        return problem is null;
    }
}
