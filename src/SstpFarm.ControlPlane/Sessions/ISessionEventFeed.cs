namespace SstpFarm.ControlPlane.Sessions;

/// <summary>
/// Registry changes as they happen, across the whole farm (every node's
/// registrations, address updates and removals), for the operator API's session watch. Best
/// effort and live only: a watcher that needs the current state lists the registry first.
/// </summary>
public interface ISessionEventFeed
{
    /// <summary>Events from now until <paramref name="cancellationToken"/> fires. Many watchers may run at once.</summary>
    IAsyncEnumerable<SessionEvent> WatchAsync(CancellationToken cancellationToken);
}

/// <summary>What happened to a session in the registry.</summary>
public enum SessionEventKind
{
    Started,
    AddressAssigned,
    Ended,
}

/// <summary>One registry change; <see cref="Session"/> is the record after it (before it, for <see cref="SessionEventKind.Ended"/>).</summary>
public sealed record SessionEvent(SessionEventKind Kind, SessionRecord Session, DateTimeOffset At);
