using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using SstpFarm.Host.Certificates;
using SstpFarm.Host.Configuration;
using SstpFarm.Host.Reload;

namespace SstpFarm.Host.Tests.Reload;

public sealed class CertificateReloaderTests : IDisposable
{
    private readonly Sandbox _box = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLogger _log = new();
    private readonly List<ServerCertificate> _changes = [];
    private readonly PemPair _initial;
    private readonly CertificateReloader _reloader;

    public CertificateReloaderTests()
    {
        _initial = PemPair.Create(_time.GetUtcNow());
        _initial.WriteTo(CertPath, KeyPath);
        _reloader = new CertificateReloader(LoadOrFail(CertPath, KeyPath), null, _time, _log);
        _reloader.CertificateChanged += _changes.Add;
    }

    public void Dispose() => _box.Dispose();

    private string CertPath => _box.PathOf("cert.pem");

    private string KeyPath => _box.PathOf("key.pem");

    internal static ServerCertificate LoadOrFail(string certPath, string keyPath)
    {
        var errors = new List<ConfigError>();
        ServerCertificate? loaded = ServerCertificateLoader.Load(certPath, keyPath, null, ServerCertificateOrigin.Configured, errors);
        Assert.Empty(errors);
        return loaded!;
    }

    private void AssertKept(string file, string reasonPart)
    {
        Assert.Equal(_initial.Sha256, _reloader.Current.Fingerprints.Sha256);
        Assert.Empty(_changes);
        RecordingLogger.Entry error = Assert.Single(_log.Named("CertificateRejected"));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal(5112, error.Id);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(reasonPart, error.Message, StringComparison.Ordinal);
        Assert.Contains($"still serving SHA-256 {_initial.Sha256Text}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewPairIsAppliedAndItsFingerprintLogged()
    {
        PemPair renewed = PemPair.Create(_time.GetUtcNow());
        renewed.WriteTo(CertPath, KeyPath);

        Assert.Equal(CertificateReloadOutcome.Applied, _reloader.Reload(ReloadTrigger.FileChange));

        ServerCertificate applied = Assert.Single(_changes);
        Assert.Equal(renewed.Sha256, applied.Fingerprints.Sha256);
        Assert.True(applied.Certificate.HasPrivateKey);
        Assert.Same(applied, _reloader.Current);
        RecordingLogger.Entry entry = Assert.Single(_log.Named("CertificateReloaded"));
        Assert.Equal(5110, entry.Id);
        Assert.Contains($"SHA-256 {renewed.Sha256Text} (was {_initial.Sha256Text})", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameCertificateIsNotAppliedAgain()
    {
        File.SetLastWriteTimeUtc(CertPath, DateTime.UtcNow); // touched, not changed

        Assert.Equal(CertificateReloadOutcome.Unchanged, _reloader.Reload(ReloadTrigger.Signal));
        Assert.Empty(_changes);
        Assert.Single(_log.Named("CertificateUnchanged"));
    }

    [Fact]
    public void AKeyOfAnotherCertificateIsRejectedAndTheOldCertificateKept()
    {
        File.WriteAllText(KeyPath, PemPair.Create(_time.GetUtcNow()).Key);

        Assert.Equal(CertificateReloadOutcome.Rejected, _reloader.Reload(ReloadTrigger.FileChange));
        AssertKept(CertPath, "cannot be loaded with key");
    }

    [Fact]
    public void AHalfWrittenCertificateIsRejectedAndTheOldCertificateKept()
    {
        PemPair renewed = PemPair.Create(_time.GetUtcNow());
        File.WriteAllText(CertPath, renewed.Certificate[..(renewed.Certificate.Length / 2)]);
        File.WriteAllText(KeyPath, renewed.Key);

        Assert.Equal(CertificateReloadOutcome.Rejected, _reloader.Reload(ReloadTrigger.FileChange));
        AssertKept(CertPath, "cannot be loaded");
    }

    [Fact]
    public void AMissingKeyIsRejectedAndTheOldCertificateKept()
    {
        File.Delete(KeyPath);

        Assert.Equal(CertificateReloadOutcome.Rejected, _reloader.Reload(ReloadTrigger.FileChange));
        AssertKept(KeyPath, "cannot be read");
    }

    [Fact]
    public void AnExpiredCertificateIsRejectedAndTheOldCertificateKept()
    {
        PemPair.Create(_time.GetUtcNow() - SelfSignedCertificate.Lifetime - TimeSpan.FromDays(2)).WriteTo(CertPath, KeyPath);

        Assert.Equal(CertificateReloadOutcome.Rejected, _reloader.Reload(ReloadTrigger.FileChange));
        AssertKept(CertPath, "the certificate expired on");
    }

    [Fact]
    public void WhenTheListenerRefusesTheCertificateTheOldOneStaysAndTheNextReloadRetries()
    {
        PemPair renewed = PemPair.Create(_time.GetUtcNow());
        renewed.WriteTo(CertPath, KeyPath);
        bool refuse = true;
        _reloader.CertificateChanged += _ =>
        {
            if (refuse)
            {
                throw new InvalidOperationException("listener refused");
            }
        };

        Assert.Equal(CertificateReloadOutcome.Rejected, _reloader.Reload(ReloadTrigger.FileChange));
        Assert.Equal(_initial.Sha256, _reloader.Current.Fingerprints.Sha256);
        Assert.Single(_log.Named("CertificateNotApplied"));

        refuse = false;
        Assert.Equal(CertificateReloadOutcome.Applied, _reloader.Reload(ReloadTrigger.Signal));
        Assert.Equal(renewed.Sha256, _reloader.Current.Fingerprints.Sha256);
    }

    [Fact]
    public void AFullChainFileGivesTheLeafAndItsIntermediates()
    {
        DateTimeOffset now = _time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test Intermediate", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=vpn.example.com", leafKey, HashAlgorithmName.SHA256);
        using X509Certificate2 leaf = leafRequest.Create(ca, now.AddDays(-1), now.AddDays(90), [1, 2, 3, 4]);
        File.WriteAllText(CertPath, leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(KeyPath, leafKey.ExportPkcs8PrivateKeyPem());

        Assert.Equal(CertificateReloadOutcome.Applied, _reloader.Reload(ReloadTrigger.FileChange));

        ServerCertificate applied = _reloader.Current;
        Assert.Equal(leaf.RawData, applied.Certificate.RawData);
        Assert.Equal(ca.RawData, Assert.Single(applied.Chain).RawData);
    }
}
