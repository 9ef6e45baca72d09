namespace SstpFarm.ControlPlane.Redis;

/// <summary>
/// Every key and channel the farm uses, in one place (docs/farm.md lists them with types, TTLs
/// and writers). All start with the configured prefix; a farm is one Redis primary (not Redis
/// Cluster), so the Lua scripts may build the pool's keys from <see cref="Pool"/> themselves.
/// </summary>
public sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>Prefix of one pool's keys: blocks, leases, sessions, last, parked, released, epoch, relseq, meta, owners, node:{id}, blocks:{id}.</summary>
    public string Pool(string poolName) => $"{Prefix}:pool:{poolName}:";

    public string Session(string sessionId) => $"{Prefix}:session:{sessionId}";

    public string Sessions => $"{Prefix}:sessions";

    public string SessionsByUser(string userName) => $"{Prefix}:sessions:user:{userName}";

    public string SessionsByNode(string nodeId) => $"{Prefix}:sessions:node:{nodeId}";

    public string SessionsByAddress => $"{Prefix}:sessions:ip";

    /// <summary>Pub/sub channel of registry changes (built by the registry scripts as P..':sessions:events').</summary>
    public string SessionEvents => $"{Prefix}:sessions:events";

    /// <summary>Sequence number of the registry changes (orders the events at the subscriber).</summary>
    public string SessionEventsSequence => $"{Prefix}:sessions:events:seq";

    /// <summary>The farm's users: name → JSON {h: NT hash hex, a: static address, s: reversible secret}.</summary>
    public string Users => $"{Prefix}:users";

    /// <summary>Case-folded name → name: no two names that differ only in case.</summary>
    public string UsersByFoldedName => $"{Prefix}:users:fold";

    /// <summary>Static address → name: no two users with one static address.</summary>
    public string UsersByStaticAddress => $"{Prefix}:users:static";

    /// <summary>Grows on every user edit; its existence means the farm's users were initialised (no more seeding).</summary>
    public string UsersVersion => $"{Prefix}:users:version";

    /// <summary>Pub/sub channel: the new users version after every edit (replicas refresh).</summary>
    public string UsersChanged => $"{Prefix}:users:changed";

    public string Nodes => $"{Prefix}:nodes";

    public string NodesVersion => $"{Prefix}:nodes:version";

    public string Node(string nodeId) => $"{Prefix}:node:{nodeId}";

    public string NodeAlive(string nodeId) => $"{Prefix}:node:{nodeId}:alive";

    public string TicketKeys => $"{Prefix}:tickets";

    public string TicketLease => $"{Prefix}:tickets:lease";

    public string Commands(string nodeId) => $"{Prefix}:commands:{nodeId}";

    public string CommandChannel(string nodeId) => $"{Prefix}:commands:{nodeId}:push";
}
