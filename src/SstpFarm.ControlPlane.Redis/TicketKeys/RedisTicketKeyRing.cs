using System.Globalization;
using System.Security.Cryptography;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.TicketKeys;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.TicketKeys;

/// <summary>
/// The farm's ticket-key ring in one hash, read by every node. The scheduled rotation is done only
/// by the node holding the lease key (SET NX PX, renewed by its holder); every rotation is a
/// compare-and-swap on the ring's version, so two rotations never interleave. When Redis is away
/// the last ring read is served.
/// </summary>
public sealed class RedisTicketKeyRing : ITicketKeyRing
{
    /// <summary>Tuning default: how long the rotation lease lasts without renewal (renewed on every RotateIfDue by its holder).</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    private const string InitScript = """
        local key = ARGV[1]
        if redis.call('EXISTS', key) == 1 then return 0 end
        redis.call('HSET', key, 'version', '1', 'rotatedAt', ARGV[2], 'nextRotationAt', ARGV[3], 'nextId', '4',
          'previous', '1|'..ARGV[2]..'|'..ARGV[4], 'current', '2|'..ARGV[2]..'|'..ARGV[5], 'next', '3|'..ARGV[2]..'|'..ARGV[6])
        return 1
        """;

    private const string RotateScript = """
        local key = ARGV[1]
        if redis.call('HGET', key, 'version') ~= ARGV[2] then return 0 end
        local id = redis.call('HINCRBY', key, 'nextId', 1) - 1
        local f = redis.call('HMGET', key, 'current', 'next')
        redis.call('HSET', key, 'previous', f[1], 'current', f[2], 'next', id..'|'..ARGV[3]..'|'..ARGV[5],
          'rotatedAt', ARGV[3], 'nextRotationAt', ARGV[4])
        return redis.call('HINCRBY', key, 'version', 1)
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _rotationInterval;
    private readonly RedisLease _lease;
    private TicketKeySet? _lastGood;

    public RedisTicketKeyRing(RedisConnection redis, string nodeId, TimeProvider timeProvider, TimeSpan rotationInterval, TimeSpan? leaseDuration = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rotationInterval, TimeSpan.Zero);
        _redis = redis;
        _time = timeProvider;
        _rotationInterval = rotationInterval;
        _lease = new RedisLease(redis, redis.Keys.TicketLease, nodeId, leaseDuration ?? DefaultLeaseDuration);
    }

    /// <summary>
    /// The ring (created on first use). When Redis has never been reachable, a ring of this node
    /// alone is served (tickets then resume on this node only) until the shared one can be read.
    /// </summary>
    public async ValueTask<TicketKeySet> GetKeysAsync(CancellationToken cancellationToken = default)
    {
        TicketKeySet? keys = await TryGetSharedKeysAsync(cancellationToken);
        if (keys is not null)
        {
            return keys;
        }

        if (_lastGood is null)
        {
            DateTimeOffset now = _time.GetUtcNow();
            Interlocked.CompareExchange(ref _lastGood, new TicketKeySet(NewKey(1, now), NewKey(2, now), NewKey(3, now), 0, now, now + _rotationInterval), null);
        }

        return _lastGood;
    }

    /// <summary>
    /// The ring as Redis holds it now (created when missing); null when Redis cannot be read. Unlike
    /// <see cref="GetKeysAsync"/> never the last good copy nor a node-local ring: what a node pushes to
    /// HAProxy must be the farm's current ring, or it would undo newer keys another node pushed.
    /// </summary>
    public async ValueTask<TicketKeySet?> TryGetSharedKeysAsync(CancellationToken cancellationToken = default)
    {
        TicketKeySet? keys = await ReadAsync(createIfMissing: true);
        if (keys is not null)
        {
            _lastGood = keys;
        }

        return keys;
    }

    public ValueTask<TicketKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default) => RotateCoreAsync(onlyIfDue: false);

    public async ValueTask<TicketKeyRotationResult> RotateIfDueAsync(CancellationToken cancellationToken = default)
    {
        RedisOutcome<bool> lease = await _lease.TryHoldAsync();
        if (!lease.Available)
        {
            return new TicketKeyRotationResult(TicketKeyRotationStatus.Unavailable, _lastGood);
        }

        if (!lease.Value)
        {
            return new TicketKeyRotationResult(TicketKeyRotationStatus.NotLeaseHolder, await ReadAsync(createIfMissing: true) ?? _lastGood);
        }

        return await RotateCoreAsync(onlyIfDue: true);
    }

    private async ValueTask<TicketKeyRotationResult> RotateCoreAsync(bool onlyIfDue)
    {
        while (true)
        {
            TicketKeySet? keys = await ReadAsync(createIfMissing: true);
            if (keys is null)
            {
                return new TicketKeyRotationResult(TicketKeyRotationStatus.Unavailable, _lastGood);
            }

            DateTimeOffset now = _time.GetUtcNow();
            if (onlyIfDue && now < keys.NextRotationAt)
            {
                return new TicketKeyRotationResult(TicketKeyRotationStatus.NotDue, _lastGood = keys);
            }

            RedisValue[] args = [_redis.Keys.TicketKeys, keys.Version, now.ToUnixTimeMilliseconds(), (now + _rotationInterval).ToUnixTimeMilliseconds(), NewMaterial()];
            RedisOutcome<RedisResult> rotated = await _redis.RunAsync(db => db.ScriptEvaluateAsync(RotateScript, null, args));
            if (!rotated.Available)
            {
                return new TicketKeyRotationResult(TicketKeyRotationStatus.Unavailable, _lastGood);
            }

            if ((long)rotated.Value != 0)
            {
                return new TicketKeyRotationResult(TicketKeyRotationStatus.Rotated, await ReadAsync(createIfMissing: false) ?? keys);
            }

            // Someone rotated between our read and our swap: look again (it may no longer be due).
        }
    }

    private async ValueTask<TicketKeySet?> ReadAsync(bool createIfMissing)
    {
        RedisOutcome<HashEntry[]> fields = await _redis.RunAsync(db => db.HashGetAllAsync(_redis.Keys.TicketKeys));
        if (!fields.Available)
        {
            return null;
        }

        if (fields.Value.Length == 0 && createIfMissing)
        {
            DateTimeOffset now = _time.GetUtcNow();
            RedisValue[] args = [_redis.Keys.TicketKeys, now.ToUnixTimeMilliseconds(), (now + _rotationInterval).ToUnixTimeMilliseconds(), NewMaterial(), NewMaterial(), NewMaterial()];
            RedisOutcome<RedisResult> created = await _redis.RunAsync(db => db.ScriptEvaluateAsync(InitScript, null, args));
            return created.Available ? await ReadAsync(createIfMissing: false) : null;
        }

        var map = fields.Value.ToDictionary(f => (string)f.Name!, f => (string?)f.Value ?? string.Empty, StringComparer.Ordinal);
        TicketKey? previous = DecodeKey(map.GetValueOrDefault("previous"));
        TicketKey? current = DecodeKey(map.GetValueOrDefault("current"));
        TicketKey? next = DecodeKey(map.GetValueOrDefault("next"));
        if (previous is null || current is null || next is null)
        {
            return null;
        }

        return new TicketKeySet(previous, current, next, Number(map, "version"), FromMs(Number(map, "rotatedAt")), FromMs(Number(map, "nextRotationAt")));
    }

    private static TicketKey? DecodeKey(string? value)
    {
        string[]? parts = value?.Split('|');
        if (parts is not { Length: 3 } || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out long id) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long created))
        {
            return null;
        }

        Span<byte> material = stackalloc byte[TicketKey.Length];
        if (!Convert.TryFromBase64String(parts[2], material, out int written) || written != TicketKey.Length)
        {
            return null;
        }

        var key = new TicketKey(id, material, FromMs(created));
        CryptographicOperations.ZeroMemory(material);
        return key;
    }

    private static long Number(Dictionary<string, string> map, string name) =>
        long.TryParse(map.GetValueOrDefault(name), CultureInfo.InvariantCulture, out long n) ? n : 0;

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string NewMaterial() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(TicketKey.Length));

    private static TicketKey NewKey(long id, DateTimeOffset now) => new(id, RandomNumberGenerator.GetBytes(TicketKey.Length), now);
}
