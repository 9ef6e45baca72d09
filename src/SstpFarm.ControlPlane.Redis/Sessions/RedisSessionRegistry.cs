using System.Globalization;
using System.Net;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Sessions;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Sessions;

/// <summary>
/// The farm's session registry: a hash per session plus indexes by user, node and inner address,
/// each write one atomic script. Writes are answered Unavailable when Redis is away; the node is
/// the truth for its own sessions and puts them back with <see cref="ReconcileNodeAsync"/>.
/// Every registration, address update and removal is also published, in the same script, on
/// <see cref="RedisKeys.SessionEvents"/> (read by <see cref="RedisSessionEventFeed"/>).
/// </summary>
public sealed class RedisSessionRegistry : ISessionRegistry
{
    // emit: every change is published on P:sessions:events as a JSON array
    // [seq, kind, id, user, node, ip, client, started, updated, in, out, at] (see SessionEventCodec).
    private const string Prelude = """
        local P = ARGV[1]
        local id = ARGV[2]
        local key = P..':session:'..id
        local FIELDS = {'user', 'node', 'ip', 'client', 'started', 'updated', 'in', 'out'}
        local function emit(kind, sid, f, at)
          local seq = redis.call('INCR', P..':sessions:events:seq')
          redis.call('PUBLISH', P..':sessions:events', cjson.encode({seq, kind, sid,
            f[1] or '', f[2] or '', f[3] or '', f[4] or '', f[5] or '', f[6] or '', f[7] or '', f[8] or '', at}))
        end

        """;

    private const string RegisterScript = Prelude + """
        if redis.call('EXISTS', key) == 1 then return 'ALREADY' end
        local ip = ARGV[5]
        if ip ~= '' then
          local holder = redis.call('HGET', P..':sessions:ip', ip)
          if holder and holder ~= id then return 'CONFLICT' end
        end
        redis.call('HSET', key, 'user', ARGV[3], 'node', ARGV[4], 'ip', ip, 'client', ARGV[6], 'started', ARGV[7], 'updated', ARGV[8], 'in', ARGV[9], 'out', ARGV[10])
        redis.call('SADD', P..':sessions', id)
        redis.call('SADD', P..':sessions:user:'..ARGV[3], id)
        redis.call('SADD', P..':sessions:node:'..ARGV[4], id)
        if ip ~= '' then redis.call('HSET', P..':sessions:ip', ip, id) end
        emit('S', id, redis.call('HMGET', key, unpack(FIELDS)), ARGV[8])
        return 'OK'
        """;

    private const string TrafficScript = Prelude + """
        if redis.call('EXISTS', key) == 0 then return 'NOTFOUND' end
        redis.call('HSET', key, 'in', ARGV[3], 'out', ARGV[4], 'updated', ARGV[5])
        return 'OK'
        """;

    private const string AddressScript = Prelude + """
        if redis.call('EXISTS', key) == 0 then return 'NOTFOUND' end
        local ip = ARGV[3]
        local holder = redis.call('HGET', P..':sessions:ip', ip)
        if holder and holder ~= id then return 'CONFLICT' end
        local old = redis.call('HGET', key, 'ip')
        if old and old ~= '' then redis.call('HDEL', P..':sessions:ip', old) end
        redis.call('HSET', P..':sessions:ip', ip, id)
        redis.call('HSET', key, 'ip', ip, 'updated', ARGV[4])
        emit('A', id, redis.call('HMGET', key, unpack(FIELDS)), ARGV[4])
        return 'OK'
        """;

    /// <summary>Needs AT (the time of the change, ms) defined before it.</summary>
    private const string UnregisterBody = """
        local function unregister(id)
          local key = P..':session:'..id
          local f = redis.call('HMGET', key, unpack(FIELDS))
          if not f[1] then
            redis.call('SREM', P..':sessions', id)
            return 0
          end
          emit('E', id, f, AT)
          redis.call('DEL', key)
          redis.call('SREM', P..':sessions', id)
          redis.call('SREM', P..':sessions:user:'..f[1], id)
          redis.call('SREM', P..':sessions:node:'..f[2], id)
          if f[3] and f[3] ~= '' and redis.call('HGET', P..':sessions:ip', f[3]) == id then
            redis.call('HDEL', P..':sessions:ip', f[3])
          end
          return 1
        end

        """;

    private const string UnregisterScript = Prelude + "local AT = ARGV[3]\n" + UnregisterBody + """
        if unregister(id) == 1 then return 'OK' end
        return 'NOTFOUND'
        """;

    /// <summary>ARGV[2] node, [3] now, [4..] ids to keep → how many of the node's other sessions were removed.</summary>
    private const string PruneNodeScript = Prelude + "local AT = ARGV[3]\n" + UnregisterBody + """
        local keep = {}
        for i = 4, #ARGV do keep[ARGV[i]] = true end
        local n = 0
        for _, s in ipairs(redis.call('SMEMBERS', P..':sessions:node:'..id)) do
          if not keep[s] then
            n = n + unregister(s)
            redis.call('SREM', P..':sessions:node:'..id, s)
          end
        end
        return n
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly string _prefix;

    public RedisSessionRegistry(RedisConnection redis, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        _time = timeProvider;
        _prefix = redis.Keys.Prefix;
    }

    public async ValueTask<SessionRegistryStatus> RegisterAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        string? status = await RunAsync(RegisterScript, session.SessionId, session.UserName, session.NodeId, session.InnerAddress?.ToString() ?? string.Empty,
            session.ClientEndPoint?.ToString() ?? string.Empty, session.StartedAt.ToUnixTimeMilliseconds(), Now(), session.BytesIn, session.BytesOut);
        return status switch
        {
            "OK" => SessionRegistryStatus.Done,
            "ALREADY" => SessionRegistryStatus.AlreadyRegistered,
            "CONFLICT" => SessionRegistryStatus.AddressConflict,
            _ => SessionRegistryStatus.Unavailable,
        };
    }

    public async ValueTask<SessionRegistryStatus> UpdateTrafficAsync(string sessionId, long bytesIn, long bytesOut, CancellationToken cancellationToken = default) =>
        ToStatus(await RunAsync(TrafficScript, sessionId, bytesIn, bytesOut, Now()));

    public async ValueTask<SessionRegistryStatus> UpdateAddressAsync(string sessionId, IPAddress innerAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerAddress);
        return ToStatus(await RunAsync(AddressScript, sessionId, innerAddress.ToString(), Now()));
    }

    public async ValueTask<SessionRegistryStatus> UnregisterAsync(string sessionId, CancellationToken cancellationToken = default) =>
        ToStatus(await RunAsync(UnregisterScript, sessionId, Now()));

    public async ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        RedisOutcome<HashEntry[]> fields = await _redis.RunAsync(db => db.HashGetAllAsync(Key(sessionId)));
        return fields.Available ? Decode(sessionId, fields.Value) : null;
    }

    public async ValueTask<SessionRecord?> FindByAddressAsync(IPAddress innerAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerAddress);
        RedisOutcome<RedisValue> id = await _redis.RunAsync(db => db.HashGetAsync(_redis.Keys.SessionsByAddress, innerAddress.ToString()));
        return id.Available && id.Value.HasValue ? await GetAsync((string)id.Value!, cancellationToken) : null;
    }

    public ValueTask<IReadOnlyList<SessionRecord>> FindByUserAsync(string userName, CancellationToken cancellationToken = default) =>
        ListSetAsync(_redis.Keys.SessionsByUser(userName));

    public ValueTask<IReadOnlyList<SessionRecord>> FindByNodeAsync(string nodeId, CancellationToken cancellationToken = default) =>
        ListSetAsync(_redis.Keys.SessionsByNode(nodeId));

    public ValueTask<IReadOnlyList<SessionRecord>> ListAsync(CancellationToken cancellationToken = default) => ListSetAsync(_redis.Keys.Sessions);

    /// <summary>Removes every session of a node (it died); the count, or null when Redis is unreachable.</summary>
    public async ValueTask<long?> RemoveNodeAsync(string nodeId)
    {
        RedisOutcome<RedisResult> removed = await _redis.RunAsync(db => db.ScriptEvaluateAsync(PruneNodeScript, null, [_prefix, nodeId, Now()]));
        return removed.Available ? (long)removed.Value : null;
    }

    /// <summary>
    /// Makes the registry agree with the node's own truth (after Redis lost writes or came back):
    /// the node's sessions not in <paramref name="live"/> are removed, missing ones registered.
    /// </summary>
    public async ValueTask<SessionRegistryStatus> ReconcileNodeAsync(string nodeId, IReadOnlyCollection<SessionRecord> live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        RedisValue[] args = [_prefix, nodeId, Now(), .. live.Select(s => (RedisValue)s.SessionId)];
        RedisOutcome<RedisResult> pruned = await _redis.RunAsync(db => db.ScriptEvaluateAsync(PruneNodeScript, null, args));
        if (!pruned.Available)
        {
            return SessionRegistryStatus.Unavailable;
        }

        foreach (SessionRecord session in live)
        {
            SessionRegistryStatus status = await RegisterAsync(session, cancellationToken);
            if (status == SessionRegistryStatus.AlreadyRegistered)
            {
                status = await UpdateTrafficAsync(session.SessionId, session.BytesIn, session.BytesOut, cancellationToken);
            }

            if (status == SessionRegistryStatus.Unavailable)
            {
                return status;
            }
        }

        return SessionRegistryStatus.Done;
    }

    private async ValueTask<IReadOnlyList<SessionRecord>> ListSetAsync(string setKey)
    {
        RedisOutcome<RedisValue[]> ids = await _redis.RunAsync(db => db.SetMembersAsync(setKey));
        if (!ids.Available)
        {
            return [];
        }

        RedisOutcome<HashEntry[][]> all = await _redis.RunAsync(db => Task.WhenAll(ids.Value.Select(id => db.HashGetAllAsync(Key((string)id!)))));
        if (!all.Available)
        {
            return [];
        }

        return [.. ids.Value.Zip(all.Value, (id, fields) => Decode((string)id!, fields))
            .OfType<SessionRecord>()
            .OrderBy(s => s.StartedAt)
            .ThenBy(s => s.SessionId, StringComparer.Ordinal)];
    }

    private static SessionRecord? Decode(string id, HashEntry[] fields)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        var map = fields.ToDictionary(f => (string)f.Name!, f => (string?)f.Value ?? string.Empty, StringComparer.Ordinal);
        string Field(string name) => map.GetValueOrDefault(name, string.Empty);
        return ToRecord(id, Field("user"), Field("node"), Field("ip"), Field("client"), Field("started"), Field("updated"), Field("in"), Field("out"));
    }

    /// <summary>A record from the session hash's fields as stored (missing or unreadable numbers are 0).</summary>
    internal static SessionRecord ToRecord(string id, string user, string node, string ip, string client, string started, string updated, string bytesIn, string bytesOut)
    {
        static long Number(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;
        IPAddress? inner = IPAddress.TryParse(ip, out IPAddress? address) ? address : null;
        IPEndPoint? clientEndPoint = IPEndPoint.TryParse(client, out IPEndPoint? endPoint) ? endPoint : null;
        return new SessionRecord(id, user, node, inner, clientEndPoint, DateTimeOffset.FromUnixTimeMilliseconds(Number(started)))
        {
            BytesIn = Number(bytesIn),
            BytesOut = Number(bytesOut),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(Number(updated)),
        };
    }

    private static SessionRegistryStatus ToStatus(string? status) => status switch
    {
        "OK" => SessionRegistryStatus.Done,
        "NOTFOUND" => SessionRegistryStatus.NotFound,
        "CONFLICT" => SessionRegistryStatus.AddressConflict,
        _ => SessionRegistryStatus.Unavailable,
    };

    private async ValueTask<string?> RunAsync(string script, string sessionId, params RedisValue[] args)
    {
        RedisValue[] argv = [_prefix, sessionId, .. args];
        RedisOutcome<RedisResult> result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(script, null, argv));
        return result.Available ? (string?)result.Value : null;
    }

    private string Key(string sessionId) => _redis.Keys.Session(sessionId);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
