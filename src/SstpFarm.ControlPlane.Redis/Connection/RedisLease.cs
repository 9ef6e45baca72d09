using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Connection;

/// <summary>
/// A named lease held by one node at a time (SET NX PX, renewed by its holder), for the farm-wide
/// duties only one node should do: rotating the ticket keys, pushing them to HAProxy. A holder that
/// stops renewing (dead, cut off) loses it after <see cref="Duration"/>; anyone may take it then.
/// </summary>
public sealed class RedisLease
{
    private const string HoldScript = """
        local key = ARGV[1]
        if redis.call('SET', key, ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
        if redis.call('GET', key) == ARGV[2] then
          redis.call('PEXPIRE', key, ARGV[3])
          return 1
        end
        return 0
        """;

    private readonly RedisConnection _redis;
    private readonly string _key;
    private readonly string _holder;

    public RedisLease(RedisConnection redis, string key, string holder, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMilliseconds(1));
        _redis = redis;
        _key = key;
        _holder = holder;
        Duration = duration;
    }

    public TimeSpan Duration { get; }

    /// <summary>Takes the lease when it is free, renews it when it is ours. Unavailable (Redis unreachable) is not holding it.</summary>
    public async ValueTask<RedisOutcome<bool>> TryHoldAsync()
    {
        RedisValue[] args = [_key, _holder, (long)Duration.TotalMilliseconds];
        RedisOutcome<RedisResult> held = await _redis.RunAsync(db => db.ScriptEvaluateAsync(HoldScript, null, args));
        return new RedisOutcome<bool>(held.Available, held.Available && (long)held.Value == 1);
    }
}
