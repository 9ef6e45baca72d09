using Microsoft.Extensions.Logging;

namespace SstpFarm.Host.Reload;

/// <summary>
/// Watches a few files and reports each settled change once. inotify (via FileSystemWatcher, on
/// the directories of the paths and of their symbolic-link targets) makes it prompt; a poll of each
/// file's identity (<see cref="FileStamp"/>) makes it certain. A change settles when no watched file
/// has changed for <see cref="FileWatchOptions.Quiet"/>, so a certificate written and then its key
/// gives one report naming both.
/// </summary>
public sealed class FileChangeWatcher : IDisposable
{
    private readonly string[] _paths;
    private readonly Action<IReadOnlyList<string>> _onSettled;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileWatchOptions _options;
    private readonly Lock _gate = new();
    private readonly Lock _settleGate = new();
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private FileStamp[] _reported = [];
    private FileStamp[] _observed = [];
    private ITimer? _settleTimer;
    private ITimer? _pollTimer;
    private bool _disposed;

    /// <param name="paths">The files to watch (they need not exist yet).</param>
    /// <param name="onSettled">Called with the paths whose file changed, once per settled change, never concurrently.</param>
    /// <param name="time">Clock for the quiet period and the poll.</param>
    /// <param name="logger">Where watch problems go.</param>
    /// <param name="options">Tuning; defaults when null.</param>
    public FileChangeWatcher(IEnumerable<string> paths, Action<IReadOnlyList<string>> onSettled, TimeProvider time, ILogger logger, FileWatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(onSettled);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _paths = paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToArray();
        _onSettled = onSettled;
        _time = time;
        _logger = logger;
        _options = options ?? new FileWatchOptions();
    }

    public IReadOnlyList<string> Paths => _paths;

    /// <summary>Takes the current state of the files as the baseline and starts watching.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_settleTimer is not null)
            {
                return;
            }

            _reported = _observed = ReadStamps();
            _settleTimer = _time.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (_options.PollInterval != Timeout.InfiniteTimeSpan)
            {
                _pollTimer = _time.CreateTimer(_ => Observe(), null, _options.PollInterval, _options.PollInterval);
            }

            WatchDirectoriesOf(_observed);
        }

        ReloadLog.WatchStarted(_logger, _paths, _options.PollInterval);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _pollTimer?.Dispose();
            _settleTimer?.Dispose();
            foreach (FileSystemWatcher watcher in _watchers.Values)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }
    }

    /// <summary>Something may have changed (a poll, an inotify event): if it did, (re)start the quiet period.</summary>
    private void Observe()
    {
        lock (_gate)
        {
            if (_disposed || _settleTimer is null)
            {
                return;
            }

            FileStamp[] now = ReadStamps();
            if (!now.AsSpan().SequenceEqual(_observed))
            {
                Restart(now);
            }
        }
    }

    /// <summary>The quiet period ended: report what differs from the last report, unless the files moved again meanwhile.</summary>
    private void Settle()
    {
        lock (_settleGate)
        {
            string[] changed;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                FileStamp[] now = ReadStamps();
                if (!now.AsSpan().SequenceEqual(_observed))
                {
                    Restart(now);
                    return;
                }

                changed = _paths.Where((_, i) => now[i] != _reported[i]).ToArray();
                _reported = now;
            }

            // Nothing left to report when a file changed and then changed back (a touch undone, a rename dance).
            if (changed.Length > 0)
            {
                Report(changed);
            }
        }
    }

    private void Report(string[] changed)
    {
        ReloadLog.FilesSettled(_logger, changed);
        try
        {
            _onSettled(changed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A timer thread must not die of a reload bug: that would end the whole node.
            ReloadLog.WatchCallbackFailed(_logger, changed, e);
        }
    }

    private void Restart(FileStamp[] now)
    {
        _observed = now;
        _settleTimer!.Change(_options.Quiet, Timeout.InfiniteTimeSpan);
        WatchDirectoriesOf(now);
    }

    private FileStamp[] ReadStamps() => Array.ConvertAll(_paths, FileStamp.Read);

    /// <summary>Watch the directories holding the paths and their link targets; drop the ones no longer needed.</summary>
    private void WatchDirectoriesOf(FileStamp[] stamps)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in _paths.Concat(stamps.Select(s => s.Target)))
        {
            if (Path.GetDirectoryName(file) is { Length: > 0 } directory)
            {
                wanted.Add(directory);
            }
        }

        foreach (string gone in _watchers.Keys.Where(d => !wanted.Contains(d)).ToArray())
        {
            _watchers[gone].Dispose();
            _watchers.Remove(gone);
        }

        foreach (string directory in wanted.Where(d => !_watchers.ContainsKey(d)))
        {
            FileSystemWatcher? watcher = TryWatch(directory);
            if (watcher is not null)
            {
                _watchers.Add(directory, watcher);
            }
        }
    }

    private FileSystemWatcher? TryWatch(string directory)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.Attributes,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, _) => Observe();
            watcher.Created += (_, _) => Observe();
            watcher.Deleted += (_, _) => Observe();
            watcher.Renamed += (_, _) => Observe();
            watcher.Error += (_, e) =>
            {
                ReloadLog.WatchEventsLost(_logger, directory, e.GetException());
                Observe();
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Absent directory, or out of inotify watches/instances: the poll still sees every change.
            watcher?.Dispose();
            ReloadLog.DirectoryNotWatched(_logger, directory, e.Message, _options.PollInterval);
            return null;
        }
    }
}
