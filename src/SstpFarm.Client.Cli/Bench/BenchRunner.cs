using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SstpFarm.Client.Diagnostics;

namespace SstpFarm.Client.Cli.Bench;

/// <summary>
/// The load generator: opens <see cref="BenchSettings.Sessions"/> sessions with bounded concurrency,
/// measures each setup, holds them all (optionally pushing ICMP echoes through each), then hangs
/// every one up cleanly and tallies how they ended.
/// </summary>
internal sealed class BenchRunner
{
    private readonly SstpConnectOptions _options;
    private readonly BenchSettings _settings;

    public BenchRunner(SstpConnectOptions options, BenchSettings settings)
    {
        _options = options;
        _settings = settings;
    }

    public BenchProgress Progress { get; } = new();

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var sessions = new ConcurrentBag<SstpClientSession>();
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(_settings.Concurrency);
        var wall = Stopwatch.StartNew();
        var attempts = new List<Task>(_settings.Sessions);
        for (int i = 0; i < _settings.Sessions && !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            attempts.Add(ConnectOneAsync(gate, sessions, latencies, failures, cancellationToken));
        }

        await Task.WhenAll(attempts).ConfigureAwait(false);
        TimeSpan setupWall = wall.Elapsed;

        Progress.Phase = _settings.Traffic ? "traffic" : "holding";
        (TimeSpan trafficTime, FloodResult[] floods) = await HoldAsync([.. sessions], cancellationToken).ConfigureAwait(false);

        Progress.Phase = "disconnecting";
        SstpDisconnectInfo[] ends = await Task.WhenAll(sessions.Select(s => s.DisconnectAsync())).ConfigureAwait(false);
        double[] sorted = [.. latencies];
        Array.Sort(sorted);
        return new BenchReport
        {
            Settings = _settings,
            Connected = sorted.Length,
            SetupWall = setupWall,
            LatenciesMs = sorted,
            Failures = failures,
            Disconnects = ends.GroupBy(e => e.Reason.ToString()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            TrafficDuration = trafficTime,
            PacketsSent = floods.Sum(f => f.PacketsSent),
            BytesSent = floods.Sum(f => f.BytesSent),
            PacketsReceived = floods.Sum(f => f.PacketsReceived),
            BytesReceived = floods.Sum(f => f.BytesReceived),
        };
    }

    private async Task ConnectOneAsync(SemaphoreSlim gate, ConcurrentBag<SstpClientSession> sessions, ConcurrentBag<double> latencies, ConcurrentDictionary<string, int> failures, CancellationToken cancellationToken)
    {
        Progress.Started();
        long start = Stopwatch.GetTimestamp();
        try
        {
            SstpClientSession session = await SstpClientSession.ConnectAsync(_options, cancellationToken: cancellationToken).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            sessions.Add(session);
            Progress.Succeeded();
        }
        catch (SstpConnectException e)
        {
            failures.AddOrUpdate(e.Label, 1, (_, n) => n + 1);
            Progress.FailedOne();
        }
        catch (OperationCanceledException)
        {
            failures.AddOrUpdate("Cancelled", 1, (_, n) => n + 1);
            Progress.FailedOne();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(TimeSpan Time, FloodResult[] Floods)> HoldAsync(SstpClientSession[] sessions, CancellationToken cancellationToken)
    {
        if (!_settings.Traffic)
        {
            try
            {
                await Task.Delay(_settings.Duration, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: go on to hang up
            }

            return (TimeSpan.Zero, []);
        }

        var clock = Stopwatch.StartNew();
        FloodResult[] floods = await Task.WhenAll(sessions.Select(s => SessionPinger.FloodAsync(
            s,
            _settings.Target ?? s.Info.PeerAddress ?? IPAddress.Any,
            _settings.Duration,
            _settings.PayloadBytes,
            cancellationToken: cancellationToken))).ConfigureAwait(false);
        return (floods.Length == 0 ? clock.Elapsed : floods.Max(f => f.Duration), floods);
    }
}
