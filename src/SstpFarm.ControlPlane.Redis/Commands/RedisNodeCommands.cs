using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Redis.Connection;
using StackExchange.Redis;

namespace SstpFarm.ControlPlane.Redis.Commands;

/// <summary>
/// Commands stored per target node in a hash (id → command) until the node acknowledges them, and
/// pushed over pub/sub for speed. Pub/sub is fire-and-forget (a node that is reconnecting misses
/// messages), so <see cref="ReconcileAsync"/> re-reads the hash periodically: a lost message is a
/// late command, never a lost one.
/// </summary>
public sealed class RedisNodeCommands : INodeCommands
{
    /// <summary>Tuning default: a command nobody acknowledged is dropped after this (its node is gone or ignores it).</summary>
    public static readonly TimeSpan DefaultCommandTimeToLive = TimeSpan.FromMinutes(10);

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly Channel<NodeCommand> _inbox = Channel.CreateUnbounded<NodeCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _delivered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unacknowledged = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _subscribed;

    public RedisNodeCommands(RedisConnection redis, string localNodeId, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        LocalNodeId = localNodeId;
        _time = timeProvider;
    }

    public string LocalNodeId { get; }

    public TimeSpan CommandTimeToLive { get; init; } = DefaultCommandTimeToLive;

    public async ValueTask<NodeCommandStatus> SendAsync(NodeCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        string json = JsonSerializer.Serialize(command);
        RedisOutcome<bool> stored = await _redis.RunAsync(db => db.HashSetAsync(_redis.Keys.Commands(command.TargetNodeId), command.CommandId, json));
        if (!stored.Available)
        {
            return NodeCommandStatus.Unavailable;
        }

        await _redis.PublishAsync(_redis.Keys.CommandChannel(command.TargetNodeId), command.CommandId); // best effort
        return NodeCommandStatus.Queued;
    }

    public async IAsyncEnumerable<NodeCommand> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await StartAsync();
        await foreach (NodeCommand command in _inbox.Reader.ReadAllAsync(cancellationToken))
        {
            yield return command;
        }
    }

    public async ValueTask AcknowledgeAsync(string commandId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _unacknowledged.Add(commandId);
        }

        await FlushAcknowledgementsAsync();
    }

    /// <summary>Subscribes to pushes (idempotent); <see cref="ReadAllAsync"/> does it too.</summary>
    public async ValueTask StartAsync()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            await _redis.SubscribeAsync(_redis.Keys.CommandChannel(LocalNodeId), (channel, id) => _ = DeliverAsync((string?)id));
            await ReconcileAsync();
        }
    }

    /// <summary>Delivers every stored command not delivered yet, drops expired ones, retries acknowledgements. False when unavailable.</summary>
    public async ValueTask<bool> ReconcileAsync()
    {
        if (!await FlushAcknowledgementsAsync())
        {
            return false;
        }

        RedisOutcome<HashEntry[]> stored = await _redis.RunAsync(db => db.HashGetAllAsync(_redis.Keys.Commands(LocalNodeId)));
        if (!stored.Available)
        {
            return false;
        }

        DateTimeOffset now = _time.GetUtcNow();
        var expired = new List<RedisValue>();
        foreach (HashEntry entry in stored.Value)
        {
            NodeCommand? command = Decode(entry.Value);
            if (command is null || now - command.IssuedAt > CommandTimeToLive)
            {
                expired.Add(entry.Name);
                continue;
            }

            Deliver(command);
        }

        if (expired.Count > 0)
        {
            await _redis.RunAsync(db => db.HashDeleteAsync(_redis.Keys.Commands(LocalNodeId), [.. expired]));
        }

        return true;
    }

    private async Task DeliverAsync(string? commandId)
    {
        if (commandId is null)
        {
            return;
        }

        RedisOutcome<RedisValue> stored = await _redis.RunAsync(db => db.HashGetAsync(_redis.Keys.Commands(LocalNodeId), commandId));
        if (stored.Available && Decode(stored.Value) is NodeCommand command)
        {
            Deliver(command);
        }
    }

    private void Deliver(NodeCommand command)
    {
        lock (_gate)
        {
            if (!_delivered.Add(command.CommandId))
            {
                return;
            }
        }

        _inbox.Writer.TryWrite(command);
    }

    private async ValueTask<bool> FlushAcknowledgementsAsync()
    {
        RedisValue[] ids;
        lock (_gate)
        {
            ids = [.. _unacknowledged.Select(id => (RedisValue)id)];
        }

        if (ids.Length == 0)
        {
            return true;
        }

        RedisOutcome<long> deleted = await _redis.RunAsync(db => db.HashDeleteAsync(_redis.Keys.Commands(LocalNodeId), ids));
        if (!deleted.Available)
        {
            return false;
        }

        lock (_gate)
        {
            foreach (RedisValue id in ids)
            {
                _unacknowledged.Remove((string)id!);
                _delivered.Remove((string)id!); // gone from Redis: it cannot come back
            }
        }

        return true;
    }

    private static NodeCommand? Decode(RedisValue value)
    {
        if (!value.HasValue)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NodeCommand>((string)value!);
        }
        catch (JsonException)
        {
            return null; // unreadable: treated as expired and removed
        }
    }
}
