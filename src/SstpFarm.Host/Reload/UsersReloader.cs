using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.Host.Reload;

/// <summary>
/// Re-reads the local users file into the <see cref="FileUserStore"/> the authenticators use, and logs
/// the outcome. An invalid file leaves the last good users in force (the store's own rule).
/// </summary>
public sealed class UsersReloader
{
    private readonly FileUserStore _store;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    public UsersReloader(FileUserStore store, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _logger = logger;
    }

    /// <summary>The file to watch.</summary>
    public string Path => _store.Path;

    public UserFileLoadResult Reload(ReloadTrigger trigger)
    {
        lock (_gate)
        {
            UserFileLoadResult result = _store.Reload();
            switch (result.Status)
            {
                case UserFileStatus.Loaded:
                    ReloadLog.UsersReloaded(_logger, trigger, _store.Path, _store.Count);
                    break;
                case UserFileStatus.Missing:
                    ReloadLog.UsersFileMissing(_logger, trigger, _store.Path);
                    break;
                default:
                    ReloadLog.UsersRejected(_logger, trigger, _store.Path, result.Error ?? "invalid", _store.Count);
                    break;
            }

            foreach (string warning in result.Warnings)
            {
                ReloadLog.UsersWarning(_logger, _store.Path, warning);
            }

            return result;
        }
    }
}
