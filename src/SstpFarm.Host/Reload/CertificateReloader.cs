using Microsoft.Extensions.Logging;
using SstpFarm.Host.Certificates;
using SstpFarm.Host.Configuration;

namespace SstpFarm.Host.Reload;

/// <summary>
/// Re-reads the certificate and key files and hands a new, valid certificate to the data plane
/// (<see cref="CertificateChanged"/>); existing sessions keep the TLS state they negotiated. Anything
/// wrong with the files is logged and the certificate in use stays: a reload never takes the node down.
/// </summary>
public sealed class CertificateReloader
{
    private readonly string? _keyPassword;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile ServerCertificate _current;

    /// <param name="initial">The certificate loaded at start; its paths are the ones reloaded.</param>
    /// <param name="keyPassword">The key's password (--key-password), when it is encrypted.</param>
    /// <param name="time">Clock for the validity check.</param>
    /// <param name="logger">Where outcomes go.</param>
    public CertificateReloader(ServerCertificate initial, string? keyPassword, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _current = initial;
        _keyPassword = keyPassword;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Raised with the new certificate after a successful reload, on the reloading thread. A handler
    /// that throws is logged, and <see cref="Current"/> stays the old certificate (the next reload tries again).
    /// </summary>
    public event Action<ServerCertificate>? CertificateChanged;

    /// <summary>The certificate in use.</summary>
    public ServerCertificate Current => _current;

    /// <summary>The files to watch: certificate then key.</summary>
    public IReadOnlyList<string> Paths => [_current.CertificatePath, _current.KeyPath];

    public CertificateReloadOutcome Reload(ReloadTrigger trigger)
    {
        lock (_gate)
        {
            ServerCertificate current = _current;
            var errors = new List<ConfigError>(1);
            ServerCertificateOrigin origin = current.Origin == ServerCertificateOrigin.Configured ? ServerCertificateOrigin.Configured : ServerCertificateOrigin.Reused;
            ServerCertificate? loaded = ServerCertificateLoader.Load(current.CertificatePath, current.KeyPath, _keyPassword, origin, errors);
            string currentSha256 = CertificateFingerprints.Format(current.Fingerprints.Sha256);
            if (loaded is null)
            {
                ConfigError error = errors[0];
                ReloadLog.CertificateRejected(_logger, trigger, error.Value ?? current.CertificatePath, error.Reason.TrimEnd('.'), currentSha256);
                return CertificateReloadOutcome.Rejected;
            }

            if (loaded.Fingerprints.Sha256.AsSpan().SequenceEqual(current.Fingerprints.Sha256))
            {
                Dispose(loaded);
                ReloadLog.CertificateUnchanged(_logger, trigger, current.CertificatePath, currentSha256);
                return CertificateReloadOutcome.Unchanged;
            }

            if (NotValidNow(loaded, _time.GetUtcNow()) is string invalid)
            {
                Dispose(loaded);
                ReloadLog.CertificateRejected(_logger, trigger, loaded.CertificatePath, invalid, currentSha256);
                return CertificateReloadOutcome.Rejected;
            }

            foreach (string warning in ServerCertificateLoader.Warnings(loaded, _time.GetUtcNow()))
            {
                ReloadLog.CertificateWarning(_logger, warning);
            }

            try
            {
                CertificateChanged?.Invoke(loaded);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever the data plane refused, the files still hold this certificate: the next reload tries again.
                ReloadLog.CertificateNotApplied(_logger, loaded.CertificatePath, CertificateFingerprints.Format(loaded.Fingerprints.Sha256), e);
                return CertificateReloadOutcome.Rejected;
            }

            // The old certificate is not disposed: sessions that negotiated with it may still refer to it.
            _current = loaded;
            ReloadLog.CertificateReloaded(_logger, trigger, loaded, current);
            return CertificateReloadOutcome.Applied;
        }
    }

    /// <summary>A certificate clients would refuse replaces nothing (at start it is only a warning: there is nothing to keep).</summary>
    private static string? NotValidNow(ServerCertificate loaded, DateTimeOffset now)
    {
        DateTime notAfter = loaded.Certificate.NotAfter.ToUniversalTime();
        DateTime notBefore = loaded.Certificate.NotBefore.ToUniversalTime();
        if (now.UtcDateTime > notAfter)
        {
            return $"the certificate expired on {notAfter:yyyy-MM-dd HH:mm} UTC";
        }

        return now.UtcDateTime < notBefore ? $"the certificate is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC" : null;
    }

    private static void Dispose(ServerCertificate unused)
    {
        unused.Certificate.Dispose();
        foreach (System.Security.Cryptography.X509Certificates.X509Certificate2 certificate in unused.Chain)
        {
            certificate.Dispose();
        }
    }
}
