using System.Runtime.InteropServices;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Host.Certificates;
using SstpFarm.Host.Reload;

namespace SstpFarm.Host.Tests.Reload;

/// <summary>The whole reload path on real files: watcher, debounce, reloaders, SIGHUP.</summary>
public sealed class ReloadServiceTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly Sandbox _box = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLogger _log = new();
    private readonly List<ServerCertificate> _changes = [];
    private readonly FileUserStore _users;
    private readonly CertificateReloader _certificate;
    private readonly ReloadService _service;

    public ReloadServiceTests()
    {
        // certbot's layout: live/ holds links into archive/, swapped at each renewal.
        Directory.CreateDirectory(_box.PathOf("archive"));
        Directory.CreateDirectory(_box.PathOf("live"));
        PemPair.Create(_time.GetUtcNow()).WriteTo(_box.PathOf("archive/cert1.pem"), _box.PathOf("archive/privkey1.pem"));
        File.CreateSymbolicLink(CertPath, "../archive/cert1.pem");
        File.CreateSymbolicLink(KeyPath, "../archive/privkey1.pem");
        File.WriteAllText(UsersPath, UsersReloaderTests.UsersJson("alice"));
        File.SetUnixFileMode(UsersPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        _users = UsersReloaderTests.OpenStore(UsersPath);
        _certificate = new CertificateReloader(CertificateReloaderTests.LoadOrFail(CertPath, KeyPath), null, _time, _log);
        _certificate.CertificateChanged += c =>
        {
            lock (_changes)
            {
                _changes.Add(c);
            }
        };
        _service = new ReloadService(_certificate, new UsersReloader(_users, _log), _time, _log, new FileWatchOptions { Quiet = TimeSpan.FromMilliseconds(500), PollInterval = Step });
    }

    public void Dispose()
    {
        _service.Dispose();
        _box.Dispose();
    }

    private string CertPath => _box.PathOf("live/cert.pem");

    private string KeyPath => _box.PathOf("live/privkey.pem");

    private string UsersPath => _box.PathOf("users.json");

    private void Settle() => _time.AdvanceInSteps(Step, 20);

    /// <summary>What certbot does at renewal: new files in archive/, then each live link replaced by rename.</summary>
    private PemPair Renew(int generation)
    {
        PemPair renewed = PemPair.Create(_time.GetUtcNow());
        renewed.WriteTo(_box.PathOf($"archive/cert{generation}.pem"), _box.PathOf($"archive/privkey{generation}.pem"));
        SwapLink(CertPath, $"../archive/cert{generation}.pem");
        _time.Advance(Step); // the links change one after the other, within the quiet period
        SwapLink(KeyPath, $"../archive/privkey{generation}.pem");
        return renewed;
    }

    private static void SwapLink(string link, string target)
    {
        File.CreateSymbolicLink(link + ".new", target);
        File.Move(link + ".new", link, overwrite: true);
    }

    [Fact]
    public void ACertbotRenewalIsAppliedOnceWithTheNewPair()
    {
        _service.Start();

        PemPair renewed = Renew(2);
        Settle();

        ServerCertificate applied = Assert.Single(_changes);
        Assert.Equal(renewed.Sha256, applied.Fingerprints.Sha256);
        Assert.Empty(_log.Named("CertificateRejected"));
    }

    [Fact]
    public void ABrokenKeyIsReportedAndTheNextGoodRenewalStillApplies()
    {
        _service.Start();
        byte[] initial = _certificate.Current.Fingerprints.Sha256;

        File.WriteAllText(_box.PathOf("archive/privkey9.pem"), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        SwapLink(KeyPath, "../archive/privkey9.pem");
        Settle();

        Assert.Empty(_changes);
        Assert.Equal(initial, _certificate.Current.Fingerprints.Sha256);
        Assert.Single(_log.Named("CertificateRejected"));

        PemPair renewed = Renew(3);
        Settle();

        Assert.Equal(renewed.Sha256, Assert.Single(_changes).Fingerprints.Sha256);
    }

    [Fact]
    public void AnEditedUsersFileIsReloaded()
    {
        _service.Start();

        File.WriteAllText(UsersPath, UsersReloaderTests.UsersJson("alice", "bob"));
        Settle();

        Assert.Equal(2, _users.Count);
        Assert.Single(_log.Named("UsersReloaded"));
        Assert.Empty(_changes); // the certificate did not change, so it was not reloaded
        Assert.Empty(_log.Named("CertificateUnchanged"));
    }

    [Fact]
    public void ABadUsersFileKeepsTheLastGoodUsers()
    {
        _service.Start();

        File.WriteAllText(UsersPath, "{ \"version\": 1, \"users\": [ { \"name\": ");
        Settle();

        Assert.True(_users.TryFind("alice", out _));
        Assert.Single(_log.Named("UsersRejected"));
    }

    [Fact]
    public void SighupReloadsBothAtOnceInsteadOfTerminating()
    {
        _service.Start();
        PemPair renewed = PemPair.Create(_time.GetUtcNow());
        renewed.WriteTo(_box.PathOf("archive/cert1.pem"), _box.PathOf("archive/privkey1.pem"));
        File.WriteAllText(UsersPath, UsersReloaderTests.UsersJson("alice", "bob", "carol"));

        var context = new PosixSignalContext(PosixSignal.SIGHUP);
        _service.OnSighup(context); // what the registered handler runs; no time passes

        Assert.True(context.Cancel);
        Assert.Single(_log.Named("ReloadSignal"));
        Assert.Equal(renewed.Sha256, Assert.Single(_changes).Fingerprints.Sha256);
        Assert.Equal(3, _users.Count);
        Assert.Contains("(Signal)", Assert.Single(_log.Named("UsersReloaded")).Message, StringComparison.Ordinal);
    }
}
