using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// Keeps HAProxy's TLS session-ticket keys equal to the cluster's <see cref="ITicketKeyRing"/>: polls the
/// ring, and when its version changes (or every <see cref="TicketKeyPusherOptions.VerifyInterval"/>)
/// reads each HAProxy's keys back and pushes the missing ones through the runtime API
/// (<see cref="TicketKeyPushPlan"/>). Unreachable HAProxies are retried with a growing delay.
/// </summary>
/// <remarks>
/// Pushers of the same ring converge to the same keys, but two rounds interleaving on one HAProxy push a
/// key twice (each `set ssl tls-key` drops the oldest), so a farm gives every pusher an
/// <see cref="ITicketKeyPushGate"/> (a lease) that lets one write at a time. Key material never reaches the logs.
/// </remarks>
public sealed class TicketKeyPusher : IAsyncDisposable
{
    private readonly ITicketKeyRing _ring;
    private readonly TicketKeyPusherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TargetState[] _targets;
    private readonly ITicketKeyPushGate? _gate;
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly BackgroundLoop _loop = new();
    private bool _ringFailing;
    private bool? _mayPush;

    /// <param name="ring">The cluster's ticket keys.</param>
    /// <param name="targets">The HAProxy key references to keep in step.</param>
    /// <param name="options">Tuning.</param>
    /// <param name="timeProvider">The clock (polling, timeouts, retry delays).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="gate">Asked before every round whether this pusher may write (a farm's push lease); null: always.</param>
    public TicketKeyPusher(ITicketKeyRing ring, IEnumerable<HaproxyTicketKeyTarget> targets, TicketKeyPusherOptions options, TimeProvider timeProvider, ILogger<TicketKeyPusher> logger, ITicketKeyPushGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _ring = ring;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _gate = gate;
        _targets = [.. targets.Select(t => new TargetState(t, new HaproxyRuntimeClient(t.Runtime, options.CommandTimeout, timeProvider)))];
        Targets = [.. _targets.Select(t => t.Target)];
    }

    public IReadOnlyList<HaproxyTicketKeyTarget> Targets { get; }

    /// <summary>Starts polling (the first round runs at once).</summary>
    public void Start() => _loop.Start(this, RunAsync);

    /// <summary>Synchronises every target now, whatever the schedule and retry delays say.</summary>
    public Task<IReadOnlyList<TicketKeyPushResult>> PushNowAsync(CancellationToken cancellationToken = default) =>
        RoundAsync(force: true, cancellationToken);

    public Task StopAsync() => _loop.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _loop.Dispose();
        _round.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        try
        {
            do
            {
                try
                {
                    await RoundAsync(force: false, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The loop must outlive any single failure; each is logged.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    BalancerLog.PusherRoundFailed(_logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task<IReadOnlyList<TicketKeyPushResult>> RoundAsync(bool force, CancellationToken cancellationToken)
    {
        // Two interleaved rounds would each push on top of the other's keys.
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await MayPushAsync(cancellationToken).ConfigureAwait(false))
            {
                return [.. _targets.Select(t => new TicketKeyPushResult(t.Target, TicketKeyPushOutcome.Standby, 0, -1, null))];
            }

            TicketKeySet keys;
            try
            {
                keys = await _ring.GetKeysAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (!_ringFailing)
                {
                    _ringFailing = true;
                    BalancerLog.TicketRingUnavailable(_logger, e);
                }

                return [.. _targets.Select(t => new TicketKeyPushResult(t.Target, TicketKeyPushOutcome.RingUnavailable, 0, -1, e.Message))];
            }

            _ringFailing = false;
            string[] wanted = [.. keys.InHaproxyOrder().Select(k => k.ToBase64())];
            var due = new List<Task<TicketKeyPushResult>>(_targets.Length);
            foreach (TargetState target in _targets)
            {
                if (force || IsDue(target, keys.Version))
                {
                    due.Add(SyncAsync(target, wanted, keys.Version, cancellationToken));
                }
            }

            return await Task.WhenAll(due).ConfigureAwait(false);
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task<bool> MayPushAsync(CancellationToken cancellationToken)
    {
        bool may = _gate is null || await _gate.MayPushAsync(cancellationToken).ConfigureAwait(false);
        if (may == _mayPush)
        {
            return may;
        }

        if (may)
        {
            BalancerLog.TicketKeyPusherActive(_logger, _targets.Length);
        }
        else
        {
            BalancerLog.TicketKeyPusherStandby(_logger);
        }

        // While another pusher wrote, what we knew of each HAProxy went stale: read every one back at once.
        foreach (TargetState target in _targets)
        {
            target.SyncedVersion = -1;
            target.Failures = 0;
            target.RetryDelay = TimeSpan.Zero;
        }

        _mayPush = may;
        return may;
    }

    private bool IsDue(TargetState target, long version)
    {
        if (target.Failures > 0)
        {
            return _time.GetTimestamp() >= target.RetryAt;
        }

        return target.SyncedVersion != version || _time.GetElapsedTime(target.VerifiedAt) >= _options.VerifyInterval;
    }

    private async Task<TicketKeyPushResult> SyncAsync(TargetState target, string[] wanted, long version, CancellationToken cancellationToken)
    {
        await Task.Yield();
        int pushed = 0;
        try
        {
            string reference = target.Target.KeysReference;
            IReadOnlyList<string> installed = await target.Client.GetTlsKeysAsync(reference, cancellationToken).ConfigureAwait(false);
            int first = TicketKeyPushPlan.FirstKeyToPush(installed, wanted);
            for (int i = first; i < wanted.Length; i++)
            {
                await target.Client.SetTlsKeyAsync(reference, wanted[i], cancellationToken).ConfigureAwait(false);
                pushed++;
            }

            if (pushed > 0)
            {
                IReadOnlyList<string> after = await target.Client.GetTlsKeysAsync(reference, cancellationToken).ConfigureAwait(false);
                if (!after.SequenceEqual(wanted, StringComparer.Ordinal))
                {
                    throw new HaproxyRuntimeException($"HAProxy runtime API {target.Target.Runtime}: {reference} holds other keys right after the push (another writer?)");
                }
            }

            return Succeeded(target, version, pushed);
        }
        catch (Exception e) when (e is HaproxyRuntimeException or ArgumentException)
        {
            return Failed(target, version, pushed, e);
        }
    }

    private TicketKeyPushResult Succeeded(TargetState target, long version, int pushed)
    {
        bool reverted = pushed > 0 && target.SyncedVersion == version;
        if (target.Failures > 0)
        {
            BalancerLog.TicketKeysTargetRecovered(_logger, target.Target.Runtime.Text, target.Target.KeysReference, target.Failures);
        }

        if (reverted)
        {
            BalancerLog.TicketKeysReverted(_logger, target.Target.Runtime.Text, target.Target.KeysReference, pushed, version);
        }
        else if (pushed > 0)
        {
            BalancerLog.TicketKeysPushed(_logger, target.Target.Runtime.Text, target.Target.KeysReference, pushed, version);
        }
        else
        {
            BalancerLog.TicketKeysUpToDate(_logger, target.Target.Runtime.Text, target.Target.KeysReference, version);
        }

        target.SyncedVersion = version;
        target.VerifiedAt = _time.GetTimestamp();
        target.Failures = 0;
        target.RetryDelay = TimeSpan.Zero;
        return new TicketKeyPushResult(target.Target, pushed > 0 ? TicketKeyPushOutcome.Pushed : TicketKeyPushOutcome.UpToDate, pushed, version, null);
    }

    private TicketKeyPushResult Failed(TargetState target, long version, int pushed, Exception error)
    {
        target.Failures++;
        target.RetryDelay = target.RetryDelay == TimeSpan.Zero
            ? _options.MinRetryDelay
            : TimeSpan.FromTicks(Math.Min(target.RetryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        target.RetryAt = _time.GetTimestamp() + (long)(target.RetryDelay.TotalSeconds * _time.TimestampFrequency);
        if (target.Failures == 1)
        {
            BalancerLog.TicketKeysPushFailed(_logger, target.Target.Runtime.Text, target.Target.KeysReference, version, target.RetryDelay, error.Message);
        }
        else
        {
            BalancerLog.TicketKeysPushStillFailing(_logger, target.Target.Runtime.Text, target.Target.KeysReference, target.Failures, target.RetryDelay, error.Message);
        }

        return new TicketKeyPushResult(target.Target, TicketKeyPushOutcome.Failed, pushed, version, error.Message);
    }

    /// <summary>What the pusher knows about one target; touched only inside a round.</summary>
    private sealed class TargetState(HaproxyTicketKeyTarget target, HaproxyRuntimeClient client)
    {
        public HaproxyTicketKeyTarget Target { get; } = target;

        public HaproxyRuntimeClient Client { get; } = client;

        /// <summary>The ring version this HAProxy was last seen to hold (-1: never).</summary>
        public long SyncedVersion { get; set; } = -1;

        public long VerifiedAt { get; set; }

        public int Failures { get; set; }

        public TimeSpan RetryDelay { get; set; }

        public long RetryAt { get; set; }
    }
}
