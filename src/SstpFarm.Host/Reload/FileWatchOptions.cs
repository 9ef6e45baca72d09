namespace SstpFarm.Host.Reload;

/// <summary>Tuning for <see cref="FileChangeWatcher"/>.</summary>
public sealed class FileWatchOptions
{
    /// <summary>
    /// How long the files must stay unchanged before a change counts: long enough for a tool to write
    /// a certificate and then its key, short enough that an operator sees the reload at once.
    /// </summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often the files are examined regardless of inotify, which misses changes behind symbolic
    /// links, on network file systems, or when its queue overflows. <see cref="Timeout.InfiniteTimeSpan"/>: never.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
}
