using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace SstpFarm.Host.Reload;

/// <summary>
/// Keeps the node's certificate and users current while it runs: each reloads when its files change
/// and settle, and both reload at once on SIGHUP (what operators and `systemctl reload` send).
/// </summary>
public sealed class ReloadService : IDisposable
{
    private readonly CertificateReloader? _certificate;
    private readonly UsersReloader _users;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileWatchOptions? _options;
    private readonly List<IDisposable> _running = [];

    /// <param name="certificate">The certificate to keep current; null without TLS (--no-tls).</param>
    /// <param name="users">The users file to keep current.</param>
    /// <param name="time">Clock for the watchers.</param>
    /// <param name="logger">Where outcomes go.</param>
    /// <param name="options">Watch tuning; defaults when null.</param>
    public ReloadService(CertificateReloader? certificate, UsersReloader users, TimeProvider time, ILogger logger, FileWatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _certificate = certificate;
        _users = users;
        _time = time;
        _logger = logger;
        _options = options;
    }

    /// <summary>Starts the file watchers and the SIGHUP handler.</summary>
    public void Start()
    {
        if (_running.Count > 0)
        {
            return;
        }

        if (_certificate is not null)
        {
            CertificateReloader certificate = _certificate;
            StartWatcher(certificate.Paths, () => certificate.Reload(ReloadTrigger.FileChange));
        }

        StartWatcher([_users.Path], () => _users.Reload(ReloadTrigger.FileChange));
        _running.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSighup));
    }

    /// <summary>Reloads the certificate (if any) and the users now.</summary>
    public void ReloadAll(ReloadTrigger trigger)
    {
        _certificate?.Reload(trigger);
        _users.Reload(trigger);
    }

    public void Dispose()
    {
        foreach (IDisposable running in _running)
        {
            running.Dispose();
        }

        _running.Clear();
    }

    /// <summary>The SIGHUP handler: reload instead of the default action (terminate).</summary>
    internal void OnSighup(PosixSignalContext context)
    {
        context.Cancel = true;
        ReloadLog.ReloadSignal(_logger);
        ReloadAll(ReloadTrigger.Signal);
    }

    private void StartWatcher(IEnumerable<string> paths, Action reload)
    {
        var watcher = new FileChangeWatcher(paths, _ => reload(), _time, _logger, _options);
        _running.Add(watcher);
        watcher.Start();
    }
}
