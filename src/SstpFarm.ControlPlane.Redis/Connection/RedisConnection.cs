using System.Net;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Connection;

/// <summary>
/// The node's one connection to the farm's Redis. Every call goes through <see cref="RunAsync{T}"/>,
/// which turns connection errors, timeouts and a demoted primary into an Unavailable outcome, so
/// nothing thrown by Redis reaches the data path.
/// </summary>
/// <remarks>
/// StackExchange.Redis 1.2.6 does not follow a Sentinel failover, and listing both data nodes lost
/// writes to a restarted old primary. So in Sentinel mode a separate multiplexer talks to the
/// sentinels only; the data multiplexer points at the single endpoint the sentinels name as
/// primary, and is rebuilt on <c>+switch-master</c>, on a periodic re-check, and when a write
/// meets READONLY.
/// </remarks>
public sealed class RedisConnection : IAsyncDisposable
{
    private static readonly string[] OutageReplies = ["READONLY", "LOADING", "MASTERDOWN", "NOREPLICAS", "BUSY", "TRYAGAIN", "UNBLOCKED", "NOSCRIPT"];

    private readonly RedisConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<(RedisChannel Channel, Action<RedisChannel, RedisValue> Handler)> _subscriptions = [];
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private ConnectionMultiplexer? _data;
    private EndPoint? _primary;
    private ConnectionMultiplexer? _sentinels;
    private Task _sentinelLoop = Task.CompletedTask;
    private long _generation;
    private long _lastUnavailable;

    private RedisConnection(RedisConnectionOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _lastUnavailable = time.GetTimestamp(); // a fresh process has not seen the farm yet: not stable
        Keys = new RedisKeys(options.KeyPrefix);
    }

    /// <summary>Raised after the data connection came back or moved to a new primary (<see cref="Generation"/> changed).</summary>
    public event EventHandler? Reconnected;

    public RedisKeys Keys { get; }

    public RedisConnectionOptions Options => _options;

    /// <summary>Grows on every reconnection and primary change: a holder of state re-asserts it when this moves.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The primary in use (Sentinel mode), for diagnostics and tests.</summary>
    public EndPoint? Primary => _primary;

    /// <summary>How long every call has succeeded (since start or since the last failure).</summary>
    public TimeSpan StableFor => _time.GetElapsedTime(Interlocked.Read(ref _lastUnavailable));

    /// <summary>Connects; never fails on an absent Redis (calls report Unavailable until it is there).</summary>
    public static async Task<RedisConnection> ConnectAsync(RedisConnectionOptions options, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EndPoints.Count == 0 && !options.UsesSentinel)
        {
            throw new ArgumentException("no Redis endpoint configured", nameof(options));
        }

        var connection = new RedisConnection(options, timeProvider ?? TimeProvider.System);
        if (options.UsesSentinel)
        {
            await connection.StartSentinelAsync(cancellationToken);
        }
        else
        {
            connection.Install(await connection.OpenDataAsync(options.EndPoints, cancellationToken), null);
        }

        return connection;
    }

    /// <summary>Runs one call against the current primary; Unavailable when Redis is down, slow, or read-only.</summary>
    public async ValueTask<RedisOutcome<T>> RunAsync<T>(Func<IDatabase, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        ConnectionMultiplexer? data = Volatile.Read(ref _data);
        if (data is null)
        {
            MarkUnavailable();
            return default;
        }

        try
        {
            T value = await call(data.GetDatabase()).WaitAsync(_options.OperationTimeout + _options.TransferWaitTimeout, _time);
            return new RedisOutcome<T>(true, value);
        }
        catch (Exception e) when (IsOutage(e))
        {
            MarkUnavailable();
            if (e is RedisServerException && e.Message.StartsWith("READONLY", StringComparison.Ordinal))
            {
                RequestPrimaryCheck(); // we still talk to a demoted primary
            }

            return default;
        }
    }

    /// <summary>
    /// Waits until <see cref="RedisConnectionOptions.TransferReplicas"/> replicas have every write
    /// made so far on this connection; true at once when none are required.
    /// </summary>
    public async ValueTask<bool> WaitForReplicasAsync()
    {
        int replicas = _options.TransferReplicas;
        if (replicas <= 0)
        {
            return true;
        }

        RedisOutcome<RedisResult> acked = await RunAsync(db => db.ExecuteAsync("WAIT", replicas, (long)_options.TransferWaitTimeout.TotalMilliseconds));
        return acked.Available && (long)acked.Value >= replicas;
    }

    /// <summary>Subscribes now and again on every new data multiplexer; false when Redis is unreachable (kept for later).</summary>
    public async ValueTask<bool> SubscribeAsync(string channel, Action<RedisChannel, RedisValue> handler)
    {
        var redisChannel = new RedisChannel(channel, RedisChannel.PatternMode.Literal);
        lock (_gate)
        {
            _subscriptions.Add((redisChannel, handler));
        }

        ConnectionMultiplexer? data = Volatile.Read(ref _data);
        if (data is null)
        {
            return false;
        }

        try
        {
            await data.GetSubscriber().SubscribeAsync(redisChannel, handler).WaitAsync(_options.OperationTimeout, _time);
            return true;
        }
        catch (Exception e) when (IsOutage(e))
        {
            return false; // the multiplexer re-subscribes by itself when it reconnects
        }
    }

    public async ValueTask<bool> PublishAsync(string channel, RedisValue message)
    {
        RedisOutcome<long> sent = await RunAsync(db => db.PublishAsync(new RedisChannel(channel, RedisChannel.PatternMode.Literal), message));
        return sent.Available;
    }

    /// <summary>Asks the sentinels for the primary now (Sentinel mode; no-op otherwise).</summary>
    public void RequestPrimaryCheck()
    {
        if (_options.UsesSentinel && !_stopping.IsCancellationRequested)
        {
            _ = CheckPrimaryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
#pragma warning disable VSTHRD003 // our own loop, started in StartSentinelAsync
            await _sentinelLoop;
#pragma warning restore VSTHRD003
        }
        catch (OperationCanceledException)
        {
        }

        _sentinels?.Dispose();
        Volatile.Read(ref _data)?.Dispose();
        _stopping.Dispose();
        _rebuild.Dispose();
    }

    /// <summary>
    /// Connection loss, timeouts, and the server errors of a Redis that is restarting, demoted or
    /// failing over. Any other server error (a script bug, a wrong type) is a bug: it is not
    /// disguised as an outage.
    /// </summary>
    internal static bool IsOutage(Exception e) => e switch
    {
        RedisServerException server => OutageReplies.Any(r => server.Message.StartsWith(r, StringComparison.Ordinal)),
        RedisException or TimeoutException or ObjectDisposedException => true,
        _ => false,
    };

    private void MarkUnavailable() => Interlocked.Exchange(ref _lastUnavailable, _time.GetTimestamp());

    private async Task<ConnectionMultiplexer> OpenDataAsync(IEnumerable<EndPoint> endPoints, CancellationToken cancellationToken)
    {
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = (int)_options.ConnectTimeout.TotalMilliseconds,
            SyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds,
            ResponseTimeout = (int)_options.OperationTimeout.TotalMilliseconds,
            KeepAlive = 1, // seconds: notice a dead peer quickly
            ConnectRetry = 1,
            ClientName = "sstpfarm",
        };
        foreach (EndPoint endPoint in endPoints)
        {
            config.EndPoints.Add(endPoint);
        }

        ConnectionMultiplexer mux = await ConnectionMultiplexer.ConnectAsync(config).WaitAsync(cancellationToken);
        mux.PreserveAsyncOrder = false; // ordered continuations serialise every caller behind one another
        return mux;
    }

    private void Install(ConnectionMultiplexer mux, EndPoint? primary)
    {
        mux.ConnectionFailed += (_, _) => MarkUnavailable();
        mux.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Interlocked.Increment(ref _generation);
                Reconnected?.Invoke(this, EventArgs.Empty);
            }
        };
        (RedisChannel, Action<RedisChannel, RedisValue>)[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
        }

        foreach ((RedisChannel channel, Action<RedisChannel, RedisValue> handler) in subscriptions)
        {
            _ = mux.GetSubscriber().SubscribeAsync(channel, handler, CommandFlags.FireAndForget);
        }

        ConnectionMultiplexer? old = Interlocked.Exchange(ref _data, mux);
        _primary = primary;
        if (!mux.IsConnected)
        {
            MarkUnavailable();
        }

        if (old is not null)
        {
            MarkUnavailable(); // writes in flight on the old primary may be lost: not stable
            Interlocked.Increment(ref _generation);
            old.Close(allowCommandsToComplete: false);
            old.Dispose();
            Reconnected?.Invoke(this, EventArgs.Empty);
        }
    }

    private async Task StartSentinelAsync(CancellationToken cancellationToken)
    {
        var config = new ConfigurationOptions
        {
            CommandMap = CommandMap.Sentinel,
            TieBreaker = string.Empty,
            AbortOnConnectFail = false,
            ConnectTimeout = (int)_options.ConnectTimeout.TotalMilliseconds,
            SyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds,
            KeepAlive = 1,
        };
        foreach (DnsEndPoint endPoint in _options.SentinelEndPoints)
        {
            config.EndPoints.Add(endPoint);
        }

        _sentinels = await ConnectionMultiplexer.ConnectAsync(config).WaitAsync(cancellationToken);
        try
        {
            await _sentinels.GetSubscriber().SubscribeAsync("+switch-master", (_, message) =>
            {
                // "<master-name> <old-ip> <old-port> <new-ip> <new-port>"
                if (((string?)message)?.Split(' ')[0] == _options.ServiceName)
                {
                    RequestPrimaryCheck();
                }
            });
        }
        catch (Exception e) when (IsOutage(e))
        {
            // no sentinel reachable yet: the periodic re-check still finds the primary
        }
        await CheckPrimaryAsync();
        _sentinelLoop = RecheckLoopAsync(_stopping.Token);
    }

    private async Task RecheckLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(_options.SentinelRecheckInterval, _time, stopping);
            await CheckPrimaryAsync();
        }
    }

    private async Task CheckPrimaryAsync()
    {
        if (!await _rebuild.WaitAsync(0))
        {
            return; // a check is running; it will see the same answer
        }

        try
        {
            EndPoint? primary = await AskSentinelsAsync();
            ConnectionMultiplexer? current = Volatile.Read(ref _data);
            if (primary is null || (current is not null && Equals(primary, _primary)))
            {
                return;
            }

            Install(await OpenDataAsync([primary], _stopping.Token), primary);
        }
        catch (Exception e) when (IsOutage(e) || e is OperationCanceledException)
        {
            MarkUnavailable();
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private async Task<EndPoint?> AskSentinelsAsync()
    {
        ConnectionMultiplexer? sentinels = _sentinels;
        if (sentinels is null)
        {
            return null;
        }

        foreach (EndPoint endPoint in sentinels.GetEndPoints())
        {
            try
            {
                IServer server = sentinels.GetServer(endPoint);
                if (!server.IsConnected)
                {
                    continue;
                }

                EndPoint? primary = await server.SentinelGetMasterAddressByNameAsync(_options.ServiceName).WaitAsync(_options.OperationTimeout, _time);
                if (primary is not null)
                {
                    return primary;
                }
            }
            catch (Exception e) when (IsOutage(e))
            {
                // ask the next sentinel
            }
        }

        return null;
    }
}
