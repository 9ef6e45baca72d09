using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.ControlPlane.Storage;
using SstpFarm.Host.Configuration;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Certificates;

/// <summary>Loads the configured certificate, or generates one in the state directory on first start and reuses it later.</summary>
public static class ServerCertificateLoader
{
    public static ServerCertificate? Ensure(TlsOptions tls, string stateDirectory, TimeProvider time, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(tls);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(errors);
        string certPath = tls.CertificatePath!;
        string keyPath = tls.KeyPath!;
        bool generatedPaths = certPath == TlsOptions.GeneratedCertificatePath(stateDirectory) && keyPath == TlsOptions.GeneratedKeyPath(stateDirectory);
        if (generatedPaths && !File.Exists(certPath) && !File.Exists(keyPath))
        {
            return Generate(tls.CertificateHostName, certPath, keyPath, time, errors);
        }

        if (generatedPaths && File.Exists(certPath) != File.Exists(keyPath))
        {
            string missing = File.Exists(certPath) ? keyPath : certPath;
            errors.Add(new ConfigError("state-dir", stateDirectory, $"holds half a generated certificate ('{missing}' is missing); remove {Path.GetFileName(certPath)} and {Path.GetFileName(keyPath)} to generate a new pair"));
            return null;
        }

        return Load(certPath, keyPath, tls.KeyPassword, generatedPaths ? ServerCertificateOrigin.Reused : ServerCertificateOrigin.Configured, errors);
    }

    /// <summary>
    /// Reads a PEM certificate file (leaf first, then any intermediates: a full chain as certbot's
    /// fullchain.pem) and its PEM private key; null with the reason in <paramref name="errors"/>.
    /// Never generates anything: also what a reload uses.
    /// </summary>
    public static ServerCertificate? Load(string certPath, string keyPath, string? keyPassword, ServerCertificateOrigin origin, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(certPath);
        ArgumentNullException.ThrowIfNull(keyPath);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            X509Certificate2 certificate = keyPassword is null
                ? X509Certificate2.CreateFromPemFile(certPath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certPath, keyPassword, keyPath);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                errors.Add(new ConfigError("key", keyPath, "holds no private key"));
                return null;
            }

            return new ServerCertificate(certificate, certPath, keyPath, origin, CertificateFingerprints.Of(certificate)) { Chain = ReadChain(certPath, certificate) };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string key = File.Exists(certPath) ? "key" : "cert";
            errors.Add(new ConfigError(key, key == "key" ? keyPath : certPath, $"cannot be read: {e.Message}"));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: no PEM key, or a key of another certificate; its message ends in "(Parameter 'x')".
            string reason = e is ArgumentException argument && argument.ParamName is not null ? e.Message.Split(" (Parameter", 2)[0] : e.Message;
            errors.Add(new ConfigError("cert", certPath, $"cannot be loaded with key '{keyPath}': {reason}"));
        }

        return null;
    }

    /// <summary>Problems that do not stop the node but that the operator must hear about.</summary>
    public static IEnumerable<string> Warnings(ServerCertificate server, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(server);
        X509Certificate2 certificate = server.Certificate;
        if (now > certificate.NotAfter)
        {
            yield return $"certificate '{server.CertificatePath}' expired on {certificate.NotAfter:yyyy-MM-dd}; clients will refuse it";
        }
        else if (now < certificate.NotBefore)
        {
            yield return $"certificate '{server.CertificatePath}' is valid only from {certificate.NotBefore:yyyy-MM-dd HH:mm}";
        }

        X509EnhancedKeyUsageExtension? usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.1"))
        {
            yield return $"certificate '{server.CertificatePath}' lacks the serverAuth extended key usage; Windows clients refuse it";
        }
    }

    /// <summary>The certificates after the leaf in the PEM file: the intermediates TLS sends along with it.</summary>
    private static X509Certificate2Collection ReadChain(string certPath, X509Certificate2 leaf)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certPath);
        var chain = new X509Certificate2Collection();
        foreach (X509Certificate2 certificate in all)
        {
            if (certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
            {
                certificate.Dispose();
            }
            else
            {
                chain.Add(certificate);
            }
        }

        return chain;
    }

    private static ServerCertificate? Generate(string hostName, string certPath, string keyPath, TimeProvider time, List<ConfigError> errors)
    {
        try
        {
            X509Certificate2 generated = SelfSignedCertificate.Create(hostName, time.GetUtcNow());
            using ECDsa key = generated.GetECDsaPrivateKey()!;

            // Key first: a crash in between leaves a key without a certificate, which Ensure reports.
            AtomicFile.Write(keyPath, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"), AtomicFile.OwnerOnly);
            AtomicFile.Write(certPath, System.Text.Encoding.ASCII.GetBytes(generated.ExportCertificatePem() + "\n"), AtomicFile.OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return new ServerCertificate(generated, certPath, keyPath, ServerCertificateOrigin.Generated, CertificateFingerprints.Of(generated));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError("state-dir", Path.GetDirectoryName(certPath), $"is not writable: {e.Message}"));
            return null;
        }
    }
}
