using System.Net;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.ControlPlane.InMemory;

/// <summary>
/// The single-node registry: one dictionary by id plus an index by inner address, under one lock.
/// Every registration, address update and removal is published on <see cref="Events"/> under the
/// lock (so watchers see a session's events in order); publishing never blocks.
/// </summary>
public sealed class InMemorySessionRegistry : ISessionRegistry
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, string> _idByAddress = [];

    public InMemorySessionRegistry(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>The registry's changes as they happen.</summary>
    public SessionEventHub Events { get; } = new();

    public ValueTask<SessionRegistryStatus> RegisterAsync(SessionRecord session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_gate)
        {
            if (_byId.ContainsKey(session.SessionId))
            {
                return new(SessionRegistryStatus.AlreadyRegistered);
            }

            if (session.InnerAddress is not null && !_idByAddress.TryAdd(session.InnerAddress, session.SessionId))
            {
                return new(SessionRegistryStatus.AddressConflict);
            }

            SessionRecord added = session with { UpdatedAt = _time.GetUtcNow() };
            _byId.Add(session.SessionId, added);
            Events.Publish(new SessionEvent(SessionEventKind.Started, added, added.UpdatedAt));
            return new(SessionRegistryStatus.Done);
        }
    }

    public ValueTask<SessionRegistryStatus> UpdateTrafficAsync(string sessionId, long bytesIn, long bytesOut, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(sessionId, out SessionRecord? current))
            {
                return new(SessionRegistryStatus.NotFound);
            }

            _byId[sessionId] = current with { BytesIn = bytesIn, BytesOut = bytesOut, UpdatedAt = _time.GetUtcNow() };
            return new(SessionRegistryStatus.Done);
        }
    }

    public ValueTask<SessionRegistryStatus> UpdateAddressAsync(string sessionId, IPAddress innerAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerAddress);
        lock (_gate)
        {
            if (!_byId.TryGetValue(sessionId, out SessionRecord? current))
            {
                return new(SessionRegistryStatus.NotFound);
            }

            if (_idByAddress.TryGetValue(innerAddress, out string? holder) && holder != sessionId)
            {
                return new(SessionRegistryStatus.AddressConflict);
            }

            if (current.InnerAddress is not null)
            {
                _idByAddress.Remove(current.InnerAddress);
            }

            _idByAddress[innerAddress] = sessionId;
            SessionRecord updated = current with { InnerAddress = innerAddress, UpdatedAt = _time.GetUtcNow() };
            _byId[sessionId] = updated;
            Events.Publish(new SessionEvent(SessionEventKind.AddressAssigned, updated, updated.UpdatedAt));
            return new(SessionRegistryStatus.Done);
        }
    }

    public ValueTask<SessionRegistryStatus> UnregisterAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.Remove(sessionId, out SessionRecord? removed))
            {
                return new(SessionRegistryStatus.NotFound);
            }

            if (removed.InnerAddress is not null)
            {
                _idByAddress.Remove(removed.InnerAddress);
            }

            Events.Publish(new SessionEvent(SessionEventKind.Ended, removed, _time.GetUtcNow()));
            return new(SessionRegistryStatus.Done);
        }
    }

    public ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_byId.GetValueOrDefault(sessionId));
        }
    }

    public ValueTask<SessionRecord?> FindByAddressAsync(IPAddress innerAddress, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_idByAddress.TryGetValue(innerAddress, out string? id) ? _byId[id] : null);
        }
    }

    public ValueTask<IReadOnlyList<SessionRecord>> FindByUserAsync(string userName, CancellationToken cancellationToken = default) =>
        WhereAsync(s => string.Equals(s.UserName, userName, StringComparison.Ordinal));

    public ValueTask<IReadOnlyList<SessionRecord>> FindByNodeAsync(string nodeId, CancellationToken cancellationToken = default) =>
        WhereAsync(s => string.Equals(s.NodeId, nodeId, StringComparison.Ordinal));

    public ValueTask<IReadOnlyList<SessionRecord>> ListAsync(CancellationToken cancellationToken = default) => WhereAsync(static _ => true);

    // A scan is fine at single-node scale (thousands of sessions) for operator queries; the
    // data path never queries the registry.
    private ValueTask<IReadOnlyList<SessionRecord>> WhereAsync(Func<SessionRecord, bool> predicate)
    {
        lock (_gate)
        {
            return new(_byId.Values.Where(predicate).OrderBy(s => s.StartedAt).ThenBy(s => s.SessionId, StringComparer.Ordinal).ToArray());
        }
    }
}
