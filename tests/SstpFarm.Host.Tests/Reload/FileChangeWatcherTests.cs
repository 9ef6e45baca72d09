using System.Collections.Concurrent;
using SstpFarm.Host.Reload;

namespace SstpFarm.Host.Tests.Reload;

public sealed class FileChangeWatcherTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly Sandbox _box = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingLogger _log = new();
    private readonly ConcurrentQueue<IReadOnlyList<string>> _reports = new();
    private FileChangeWatcher? _watcher;

    public void Dispose()
    {
        _watcher?.Dispose();
        _box.Dispose();
    }

    private FileChangeWatcher Watch(TimeSpan poll, params string[] paths)
    {
        _watcher = new FileChangeWatcher(paths, _reports.Enqueue, _time, _log, new FileWatchOptions { Quiet = Quiet, PollInterval = poll });
        _watcher.Start();
        return _watcher;
    }

    /// <summary>Well past the quiet period in steps shorter than it, so every poll and settle runs.</summary>
    private void Settle() => _time.AdvanceInSteps(Poll, 20);

    [Fact]
    public void ReplaceByRenameIsSeenEvenWithTheSameSizeAndWriteTime()
    {
        string path = _box.WriteFile("cert.pem", "AAAA");
        DateTime written = File.GetLastWriteTimeUtc(path);
        Watch(Poll, path);

        // An editor's save: a new file beside it, renamed over it; same length, mtime preserved (as mv/install -p do).
        string temporary = _box.WriteFile(".cert.pem.swp", "BBBB");
        File.SetLastWriteTimeUtc(temporary, written);
        File.Move(temporary, path, overwrite: true);
        Settle();

        IReadOnlyList<string> report = Assert.Single(_reports);
        Assert.Equal([path], report);
    }

    [Fact]
    public void CertificateThenKeyWrittenApartGiveOneReportNamingBoth()
    {
        string cert = _box.WriteFile("cert.pem", "old cert");
        string key = _box.WriteFile("key.pem", "old key");
        Watch(Poll, cert, key);

        File.WriteAllText(cert, "new cert");
        _time.Advance(Poll); // seen, but the quiet period has not passed
        _time.Advance(Poll);
        File.WriteAllText(key, "new key");
        Settle();

        IReadOnlyList<string> report = Assert.Single(_reports);
        Assert.Equal([cert, key], report);
    }

    [Fact]
    public void CertbotStyleSymlinkSwapIsReported()
    {
        Directory.CreateDirectory(_box.PathOf("archive"));
        Directory.CreateDirectory(_box.PathOf("live"));
        _box.WriteFile("archive/cert1.pem", "cert one");
        _box.WriteFile("archive/cert2.pem", "cert two");
        string link = _box.PathOf("live/cert.pem");
        File.CreateSymbolicLink(link, "../archive/cert1.pem");
        Watch(Poll, link);

        // certbot renew: a new link under a temporary name, renamed over the old one (atomic).
        File.CreateSymbolicLink(_box.PathOf("live/cert.pem.new"), "../archive/cert2.pem");
        File.Move(_box.PathOf("live/cert.pem.new"), link, overwrite: true);
        Settle();

        Assert.Equal([link], Assert.Single(_reports));
    }

    [Fact]
    public void TargetRewrittenBehindAnUnchangedLinkIsReported()
    {
        Directory.CreateDirectory(_box.PathOf("archive"));
        Directory.CreateDirectory(_box.PathOf("live"));
        string target = _box.WriteFile("archive/cert1.pem", "cert one");
        string link = _box.PathOf("live/cert.pem");
        File.CreateSymbolicLink(link, "../archive/cert1.pem");
        Watch(Poll, link);

        File.WriteAllText(target, "cert one, rewritten in place");
        Settle();

        Assert.Equal([link], Assert.Single(_reports));
    }

    [Fact]
    public void NothingIsReportedWhenNothingChanged()
    {
        string path = _box.WriteFile("users.json", "{}");
        _box.WriteFile("unrelated.txt", "x");
        Watch(Poll, path);

        File.WriteAllText(_box.PathOf("unrelated.txt"), "changed, but not watched");
        Settle();

        Assert.Empty(_reports);
    }

    [Fact]
    public void FileCreatedAfterStartIsReported()
    {
        string path = _box.PathOf("users.json");
        Watch(Poll, path);

        File.WriteAllText(path, "{}");
        Settle();

        Assert.Equal([path], Assert.Single(_reports));
    }

    [Fact]
    public async Task InotifyAloneReportsAChange()
    {
        string path = _box.WriteFile("users.json", "{}");
        Watch(Timeout.InfiniteTimeSpan, path); // no poll: only inotify can notice

        await File.WriteAllTextAsync(path, "{ \"changed\": true }");
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (_reports.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            _time.Advance(Quiet);
        }

        Assert.Equal([path], Assert.Single(_reports));
    }

    [Fact]
    public async Task WorksOnTheSystemClock()
    {
        string path = _box.WriteFile("users.json", "{}");
        var reported = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watcher = new FileChangeWatcher([path], r => reported.TrySetResult(r), TimeProvider.System, _log, new FileWatchOptions { Quiet = TimeSpan.FromMilliseconds(50), PollInterval = TimeSpan.FromMilliseconds(50) });
        _watcher.Start();

        await File.WriteAllTextAsync(path, "{ \"changed\": true }");

        Assert.Equal([path], await reported.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void AFailingCallbackIsLoggedAndWatchingGoesOn()
    {
        string path = _box.WriteFile("users.json", "{}");
        int calls = 0;
        _watcher = new FileChangeWatcher([path], _ => throw new InvalidOperationException($"reload bug {++calls}"), _time, _log, new FileWatchOptions { Quiet = Quiet, PollInterval = Poll });
        _watcher.Start();

        File.WriteAllText(path, "{ \"one\": 1 }");
        Settle();
        File.WriteAllText(path, "{ \"two\": 22 }");
        Settle();

        Assert.Equal(2, calls);
        Assert.Equal(2, _log.Named("WatchCallbackFailed").Count);
    }

    [Fact]
    public void NothingIsReportedAfterDispose()
    {
        string path = _box.WriteFile("users.json", "{}");
        Watch(Poll, path).Dispose();

        File.WriteAllText(path, "{ \"changed\": true }");
        Settle();

        Assert.Empty(_reports);
    }
}
