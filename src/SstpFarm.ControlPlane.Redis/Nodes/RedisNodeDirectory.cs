using System.Globalization;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Redis.Connection;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Nodes;

/// <summary>
/// Farm membership: each node's heartbeat refreshes its hash and an "alive" key with a TTL; a node
/// is Alive while that key exists and its last heartbeat is younger than the TTL. Every change
/// bumps one version counter, read before the nodes, so a snapshot at version N includes every
/// change up to N.
/// </summary>
public sealed class RedisNodeDirectory : INodeDirectory
{
    /// <summary>Tuning default: a node's hash outlives its last heartbeat this long (for "dead" listings), then disappears.</summary>
    public static readonly TimeSpan DefaultForgetAfter = TimeSpan.FromHours(24);

    private const string HeartbeatScript = """
        local P, node = ARGV[1], ARGV[2]
        local key = P..':node:'..node
        if redis.call('HEXISTS', key, 'admin') == 0 then redis.call('HSET', key, 'admin', 'Active') end
        redis.call('HSET', key, 'started', ARGV[3], 'lastSeen', ARGV[4], 'sessions', ARGV[5], 'load', ARGV[6], 'version', ARGV[7])
        redis.call('PEXPIRE', key, ARGV[9])
        local was = redis.call('EXISTS', key..':alive')
        redis.call('SET', key..':alive', ARGV[4], 'PX', ARGV[8])
        redis.call('SADD', P..':nodes', node)
        redis.call('INCR', P..':nodes:version')
        return was
        """;

    private const string AdminScript = """
        local P, node = ARGV[1], ARGV[2]
        local key = P..':node:'..node
        if redis.call('EXISTS', key) == 0 then return 'NOTFOUND' end
        redis.call('HSET', key, 'admin', ARGV[3])
        redis.call('INCR', P..':nodes:version')
        return 'OK'
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeToLive;
    private readonly DateTimeOffset _startedAt;
    private int _beaten;

    /// <param name="redis">The farm connection.</param>
    /// <param name="localNodeId">This node.</param>
    /// <param name="timeProvider">The clock (nodes' clocks are assumed NTP-synchronised).</param>
    /// <param name="timeToLive">Silence after which a node is dead; issue 4 asks for ≤ 15 s. Heartbeat at a third of it.</param>
    public RedisNodeDirectory(RedisConnection redis, string localNodeId, TimeProvider timeProvider, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        LocalNodeId = localNodeId;
        _time = timeProvider;
        _timeToLive = timeToLive;
        _startedAt = timeProvider.GetUtcNow();
    }

    public string LocalNodeId { get; }

    /// <summary>
    /// Raised when a heartbeat finds that this node's alive key had expired since its last one: the
    /// farm took it for dead meanwhile (its registry sessions may be gone), so it re-asserts them.
    /// </summary>
    public event EventHandler? Revived;

    public TimeSpan TimeToLive => _timeToLive;

    public async ValueTask<NodeDirectoryStatus> HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        RedisValue[] args =
        [
            _redis.Keys.Prefix, LocalNodeId, _startedAt.ToUnixTimeMilliseconds(), Now(), heartbeat.SessionCount,
            heartbeat.Load.ToString("R", CultureInfo.InvariantCulture), heartbeat.Version,
            (long)_timeToLive.TotalMilliseconds, (long)DefaultForgetAfter.TotalMilliseconds,
        ];
        RedisOutcome<RedisResult> done = await _redis.RunAsync(db => db.ScriptEvaluateAsync(HeartbeatScript, null, args));
        if (!done.Available)
        {
            return NodeDirectoryStatus.Unavailable;
        }

        if (Interlocked.Exchange(ref _beaten, 1) == 1 && (long)done.Value == 0)
        {
            Revived?.Invoke(this, EventArgs.Empty);
        }

        return NodeDirectoryStatus.Done;
    }

    public async ValueTask<NodeDirectoryStatus> SetAdminStateAsync(string nodeId, NodeAdminState state, CancellationToken cancellationToken = default)
    {
        RedisValue[] args = [_redis.Keys.Prefix, nodeId, state.ToString()];
        RedisOutcome<RedisResult> done = await _redis.RunAsync(db => db.ScriptEvaluateAsync(AdminScript, null, args));
        return !done.Available ? NodeDirectoryStatus.Unavailable : (string?)done.Value == "OK" ? NodeDirectoryStatus.Done : NodeDirectoryStatus.NotFound;
    }

    public async ValueTask<NodeInfo?> GetAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        RedisOutcome<(HashEntry[] Fields, bool Alive)> node = await _redis.RunAsync(db => ReadNodeAsync(db, nodeId));
        return node.Available ? Decode(nodeId, node.Value.Fields, node.Value.Alive) : null;
    }

    /// <summary>Every known node; an empty snapshot at version -1 when Redis is unreachable.</summary>
    public async ValueTask<NodeDirectorySnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        RedisOutcome<NodeDirectorySnapshot> snapshot = await _redis.RunAsync(async db =>
        {
            RedisValue version = await db.StringGetAsync(_redis.Keys.NodesVersion);
            RedisValue[] ids = await db.SetMembersAsync(_redis.Keys.Nodes);
            var nodes = await Task.WhenAll(ids.Select(async id => (Id: (string)id!, Node: await ReadNodeAsync(db, (string)id!))));
            string[] forgotten = [.. nodes.Where(n => n.Node.Fields.Length == 0).Select(n => n.Id)];
            if (forgotten.Length > 0)
            {
                await db.SetRemoveAsync(_redis.Keys.Nodes, [.. forgotten.Select(f => (RedisValue)f)]);
            }

            return new NodeDirectorySnapshot(
                version.HasValue ? (long)version : 0,
                [.. nodes.Select(n => Decode(n.Id, n.Node.Fields, n.Node.Alive)).OfType<NodeInfo>().OrderBy(n => n.NodeId, StringComparer.Ordinal)]);
        });
        return snapshot.Available ? snapshot.Value : new NodeDirectorySnapshot(-1, []);
    }

    private async Task<(HashEntry[] Fields, bool Alive)> ReadNodeAsync(IDatabase db, string nodeId)
    {
        Task<HashEntry[]> fields = db.HashGetAllAsync(_redis.Keys.Node(nodeId));
        Task<bool> alive = db.KeyExistsAsync(_redis.Keys.NodeAlive(nodeId));
        return (await fields, await alive);
    }

    private NodeInfo? Decode(string nodeId, HashEntry[] fields, bool aliveKey)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        var map = fields.ToDictionary(f => (string)f.Name!, f => (string?)f.Value ?? string.Empty, StringComparer.Ordinal);
        string Field(string name) => map.GetValueOrDefault(name, string.Empty);
        long Number(string name) => long.TryParse(Field(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;
        DateTimeOffset lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(Number("lastSeen"));

        // Two clocks must agree: Redis expires the alive key, and our clock judges the last heartbeat.
        bool alive = aliveKey && _time.GetUtcNow() - lastSeen <= _timeToLive;
        return new NodeInfo(
            nodeId,
            Enum.TryParse(Field("admin"), out NodeAdminState admin) ? admin : NodeAdminState.Active,
            alive ? NodeHealth.Alive : NodeHealth.Dead,
            DateTimeOffset.FromUnixTimeMilliseconds(Number("started")),
            lastSeen,
            (int)Number("sessions"),
            double.TryParse(Field("load"), NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : 0,
            Field("version"));
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
