using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Host.Certificates;

namespace SstpFarm.Host.Tests;

public sealed class CertificateTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string CertPath => Path.Combine(_box.StateDir, "tls-cert.pem");

    private string KeyPath => Path.Combine(_box.StateDir, "tls-key.pem");

    /// <summary>An operator's certificate with a PKCS#8 key encrypted under <paramref name="password"/>.</summary>
    internal static (string Cert, string Key) WriteEncryptedPair(Sandbox box, string password)
    {
        using X509Certificate2 certificate = SelfSignedCertificate.Create("vpn.example.com", DateTimeOffset.UtcNow);
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        var encryption = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000);
        return (box.WriteFile("operator-cert.pem", certificate.ExportCertificatePem()), box.WriteFile("operator-key.pem", key.ExportEncryptedPkcs8PrivateKeyPem(password, encryption)));
    }

    [Fact]
    public async Task FirstStartGeneratesAnEcdsaServerCertificateAndLaterStartsReuseIt()
    {
        Sandbox.Outcome first = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--cert-host-name", "vpn.example.com"]);
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Contains("(self-signed, generated now)", first.Out, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(CertPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_box.StateDir));

        using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(CertPath, KeyPath);
        Assert.Equal("CN=vpn.example.com", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        using (ECDsa key = certificate.GetECDsaPublicKey()!)
        {
            Assert.Equal(256, key.KeySize);
            Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value); // secp256r1 (RFC 5480)
        }

        Assert.Contains("1.3.6.1.5.5.7.3.1", certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(["vpn.example.com"], certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);

        string sha256 = CertificateFingerprints.Format(SHA256.HashData(certificate.RawData));
        string sha1 = CertificateFingerprints.Format(SHA1.HashData(certificate.RawData));
        Assert.Contains($"SHA-256:     {sha256}", first.Out, StringComparison.Ordinal);
        Assert.Contains($"SHA-1:       {sha1}", first.Out, StringComparison.Ordinal);
        Assert.Equal(32 * 3 - 1, sha256.Length);

        Sandbox.Outcome second = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--cert-host-name", "other.example.com"]);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("(self-signed, generated on an earlier start)", second.Out, StringComparison.Ordinal);
        Assert.Contains($"SHA-256:     {sha256}", second.Out, StringComparison.Ordinal); // same certificate: pinned clients keep working
    }

    [Fact]
    public async Task HalfAGeneratedPairIsReportedNotOverwritten()
    {
        await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir]);
        File.Delete(CertPath);
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains($"holds half a generated certificate ('{CertPath}' is missing)", outcome.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(KeyPath));
    }

    [Fact]
    public async Task ConfiguredCertificateWithAnEncryptedKeyIsLoaded()
    {
        (string cert, string key) = WriteEncryptedPair(_box, "s3cret");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--cert", cert, "--key", key, "--key-password", "s3cret"]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.Contains($"certificate: {cert} (configured)", outcome.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(CertPath));
    }

    [Fact]
    public async Task AKeyThatDoesNotMatchTheCertificateIsRejected()
    {
        (string cert, _) = WriteEncryptedPair(_box, "x");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string key = _box.WriteFile("other-key.pem", other.ExportPkcs8PrivateKeyPem());
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--cert", cert, "--key", key]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.StartsWith($"sstpfarm: cert: '{cert}' cannot be loaded with key '{key}'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingCertificateFileIsReported()
    {
        string cert = _box.PathOf("absent-cert.pem");
        string key = _box.PathOf("absent-key.pem");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--cert", cert, "--key", key]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.StartsWith($"sstpfarm: cert: '{cert}' cannot be read:", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyPasswordWithoutAConfiguredKeyIsAnError()
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--key-password", "x"]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains("sstpfarm: key-password: '(redacted)' is used only with a configured cert and key (the generated key is not encrypted)", outcome.ErrorLines);
    }

    [Fact]
    public void AnIpAddressHostNameBecomesAnIpSan()
    {
        using X509Certificate2 certificate = SelfSignedCertificate.Create("192.0.2.10", DateTimeOffset.UtcNow);
        Assert.Equal(System.Net.IPAddress.Parse("192.0.2.10"), certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Single());
    }
}
