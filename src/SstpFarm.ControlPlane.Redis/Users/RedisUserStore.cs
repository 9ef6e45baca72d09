using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Users;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Users;

/// <summary>
/// The farm's users in Redis (see <see cref="UserScripts"/> and <see cref="UserValueCodec"/>), and
/// this node's LOCAL REPLICA of them for authentication: <see cref="TryFind"/> reads memory only,
/// so a login never waits on Redis and keeps working while Redis is away (with the last users
/// seen). The replica is loaded at start, refreshed when any node announces an edit on
/// P:users:changed, after every reconnection and every <see cref="RefreshInterval"/> (a missed
/// notice is a late refresh, not a lost one); this node's own edits are in it when the call returns.
/// </summary>
/// <remarks>
/// The node's user file seeds the farm once: imported when the farm's users were never written
/// (no P:users:version key), ignored afterwards (Redis is the truth). Until Redis first answers,
/// the replica serves that file's users, so a node started during an outage still authenticates.
/// Should Redis lose the users later (restarted without persistence), the first node to notice
/// writes its replica back the same way.
/// </remarks>
public sealed class RedisUserStore : IUserStore, IUserAdministration, IAsyncDisposable
{
    /// <summary>Tuning default: the safety-net refresh (notices make it prompt; this bounds a missed one).</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private volatile UserDatabase _current;
    private UserDatabase? _seed;
    private long _version = -1; // -1: never loaded from Redis
    private int _refreshQueued;
    private int _started;
    private Task _loop = Task.CompletedTask;

    /// <param name="redis">The node's connection.</param>
    /// <param name="timeProvider">The clock (refresh period).</param>
    /// <param name="localFile">The node's user file: the farm's seed, and what is served until Redis first answers.</param>
    public RedisUserStore(RedisConnection redis, TimeProvider timeProvider, UserDatabase? localFile = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        _time = timeProvider;
        _prefix = redis.Keys.Prefix;
        _current = localFile ?? UserDatabase.Empty;
        _seed = localFile is { Count: > 0 } ? localFile : null;
        SeedStatus = _seed is null ? UserSeedStatus.NothingToImport : UserSeedStatus.Pending;
    }

    public TimeSpan RefreshInterval { get; init; } = DefaultRefreshInterval;

    /// <summary>The replica authentication reads.</summary>
    public UserDatabase Current => _current;

    public int Count => _current.Count;

    /// <summary>True once the replica came from Redis at least once.</summary>
    public bool Loaded => Interlocked.Read(ref _version) >= 0;

    public UserSeedStatus SeedStatus { get; private set; }

    /// <summary>The last unexpected error of a background refresh (a bug: outages are results), if any.</summary>
    public Exception? LastRefreshError { get; private set; }

    public bool TryFind(string name, [NotNullWhen(true)] out LocalUser? user) => _current.TryFind(name, out user);

    /// <summary>Subscribes to change notices, loads (importing the file if the farm is new) and starts the periodic refresh. Never fails on an absent Redis.</summary>
    public async Task StartAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _redis.Reconnected += (_, _) => RequestRefresh();
        await _redis.SubscribeAsync(_redis.Keys.UsersChanged, (_, _) => RequestRefresh());
        await RefreshAsync();
        _loop = LoopAsync(_stopping.Token);
    }

    /// <summary>Brings the replica up to date now; false when Redis could not be reached (the replica is kept).</summary>
    public async ValueTask<bool> RefreshAsync()
    {
        await _sync.WaitAsync();
        try
        {
            return await RefreshLockedAsync();
        }
        finally
        {
            _sync.Release();
        }
    }

    public async ValueTask<UserListResult> ListAsync(CancellationToken cancellationToken = default)
    {
        (long Version, UserDatabase Users)? snapshot = await ReadSnapshotAsync();
        return snapshot is null ? new UserListResult(false, null) : new UserListResult(true, [.. snapshot.Value.Users.Users]);
    }

    public ValueTask<UserEditResult> AddAsync(LocalUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        RedisValue[] argv = [_prefix, user.Name, UserValueCodec.Fold(user.Name), UserValueCodec.Encode(user), user.StaticAddress?.ToString() ?? string.Empty];
        return EditAsync(UserScripts.Add, argv, user.Name, db => db.TryAdd(user, out UserDatabase after) == UserChange.Done ? after : null, cancellationToken);
    }

    public ValueTask<UserEditResult> SetSecretAsync(string name, ReadOnlyMemory<byte> ntHash, string? reversibleSecret, CancellationToken cancellationToken = default)
    {
        if (ntHash.Length != LocalUser.NtHashLength)
        {
            throw new ArgumentException($"an NT hash is {LocalUser.NtHashLength} bytes, not {ntHash.Length}", nameof(ntHash));
        }

        RedisValue[] argv = [_prefix, name, Convert.ToHexString(ntHash.Span), reversibleSecret is null ? "0" : "1", reversibleSecret ?? string.Empty];
        return EditAsync(UserScripts.SetSecret, argv, name, db => db.TrySetSecret(name, ntHash.Span, reversibleSecret, out UserDatabase after) == UserChange.Done ? after : null, cancellationToken);
    }

    public ValueTask<UserEditResult> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        EditAsync(UserScripts.Remove, [_prefix, name, UserValueCodec.Fold(name)], name, db => db.TryRemove(name, out UserDatabase after) == UserChange.Done ? after : null, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
#pragma warning disable VSTHRD003 // our own loop, started in StartAsync
            await _loop;
#pragma warning restore VSTHRD003
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async ValueTask<UserEditResult> EditAsync(string script, RedisValue[] argv, string name, Func<UserDatabase, UserDatabase?> applyLocally, CancellationToken cancellationToken)
    {
        await _sync.WaitAsync(cancellationToken);
        try
        {
            RedisOutcome<RedisResult> outcome = await _redis.RunAsync(db => db.ScriptEvaluateAsync(script, null, argv));
            if (!outcome.Available)
            {
                return new UserEditResult(UserChange.Unavailable, null);
            }

            var reply = (RedisResult[])outcome.Value!;
            UserChange change = (string?)reply[0] switch
            {
                "OK" => UserChange.Done,
                "EXISTS" => UserChange.AlreadyExists,
                "CASE" => UserChange.ExistsWithDifferentCase,
                "STATIC" => UserChange.StaticAddressTaken,
                _ => UserChange.NotFound,
            };
            if (change != UserChange.Done)
            {
                return new UserEditResult(change, null);
            }

            // The replica follows our own edit at once: applied in place when nobody else edited
            // in between, else reloaded (or, Redis gone just now, applied anyway).
            long version = (long)reply[1];
            UserDatabase? applied = version == _version + 1 ? applyLocally(_current) : null;
            if (applied is not null)
            {
                Install(applied, version);
            }
            else if (!await RefreshLockedAsync() && applyLocally(_current) is UserDatabase offline)
            {
                _current = offline;
            }

            return new UserEditResult(UserChange.Done, reply.Length > 2 ? UserValueCodec.Decode(name, (string?)reply[2]) : null);
        }
        finally
        {
            _sync.Release();
        }
    }

    private async ValueTask<bool> RefreshLockedAsync()
    {
        if (_seed is not null && !await SeedLockedAsync(_seed))
        {
            return false;
        }

        RedisOutcome<RedisValue> version = await _redis.RunAsync(db => db.StringGetAsync(_redis.Keys.UsersVersion));
        if (!version.Available)
        {
            return false;
        }

        if (!version.Value.HasValue && _version > 0)
        {
            // Redis lost the farm's users (restarted empty, flushed): put back the last ones seen
            // rather than lock everybody out. Atomic like the first seed: one node's copy wins.
            if (!await SeedLockedAsync(_current, restoring: true))
            {
                return false;
            }

            version = await _redis.RunAsync(db => db.StringGetAsync(_redis.Keys.UsersVersion));
            if (!version.Available)
            {
                return false;
            }
        }

        if (ParseVersion(version.Value) == _version)
        {
            return true;
        }

        (long Version, UserDatabase Users)? snapshot = await ReadSnapshotAsync();
        if (snapshot is null)
        {
            return false;
        }

        Install(snapshot.Value.Users, snapshot.Value.Version);
        return true;
    }

    private async ValueTask<bool> SeedLockedAsync(UserDatabase seed, bool restoring = false)
    {
        RedisValue[] argv = [_prefix, .. seed.Users.SelectMany(u => new RedisValue[]
        {
            u.Name, UserValueCodec.Fold(u.Name), UserValueCodec.Encode(u), u.StaticAddress?.ToString() ?? string.Empty,
        })];
        RedisOutcome<RedisResult> outcome = await _redis.RunAsync(db => db.ScriptEvaluateAsync(UserScripts.Seed, null, argv));
        if (!outcome.Available)
        {
            return false;
        }

        if (!restoring)
        {
            SeedStatus = (string?)outcome.Value == "SEEDED" ? UserSeedStatus.Imported : UserSeedStatus.FarmHasUsers;
            _seed = null;
        }

        return true;
    }

    private async ValueTask<(long Version, UserDatabase Users)?> ReadSnapshotAsync()
    {
        RedisOutcome<RedisResult> outcome = await _redis.RunAsync(db => db.ScriptEvaluateAsync(UserScripts.Snapshot, null, [_prefix]));
        if (!outcome.Available)
        {
            return null;
        }

        var reply = (RedisResult[])outcome.Value!;
        var entries = (RedisResult[])reply[1]!;
        var users = new List<LocalUser>(entries.Length / 2);
        for (int i = 0; i + 1 < entries.Length; i += 2)
        {
            if (UserValueCodec.Decode((string)entries[i]!, (string?)entries[i + 1]) is LocalUser user)
            {
                users.Add(user);
            }
        }

        return (ParseVersion((RedisValue)reply[0]), UserDatabase.FromTrusted(users));
    }

    private void Install(UserDatabase users, long version)
    {
        _current = users;
        Interlocked.Exchange(ref _version, version);
    }

    private void RequestRefresh()
    {
        if (Interlocked.Exchange(ref _refreshQueued, 1) == 0)
        {
            _ = RefreshInBackgroundAsync();
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await _sync.WaitAsync(_stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            Volatile.Write(ref _refreshQueued, 0); // a notice from now on queues another refresh
            await RefreshLockedAsync();
        }
        catch (Exception e)
        {
            LastRefreshError = e; // a bug (outages are results): the next notice or period retries
        }
        finally
        {
            _sync.Release();
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(RefreshInterval, _time, stopping);
            RequestRefresh();
        }
    }

    private static long ParseVersion(RedisValue value) =>
        long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long version) ? version : 0;
}
