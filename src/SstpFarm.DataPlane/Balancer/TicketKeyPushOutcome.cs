namespace SstpFarm.DataPlane.Balancer;

/// <summary>What one synchronisation of one HAProxy did.</summary>
public enum TicketKeyPushOutcome
{
    /// <summary>HAProxy already held the ring's keys.</summary>
    UpToDate,

    /// <summary>Keys were pushed and read back equal.</summary>
    Pushed,

    /// <summary>HAProxy was unreachable, refused a key, or holds other keys after the push; retried later.</summary>
    Failed,

    /// <summary>The ring could not be read; nothing was sent.</summary>
    RingUnavailable,

    /// <summary>The gate said another pusher writes (the farm's push lease is elsewhere); nothing was read or sent.</summary>
    Standby,
}

/// <summary>The result of synchronising one target.</summary>
/// <param name="Target">The HAProxy reference.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="KeysPushed">`set ssl tls-key` commands that succeeded.</param>
/// <param name="RingVersion">The ring version aimed at (-1 when the ring was unavailable).</param>
/// <param name="Error">Why it failed (never key material).</param>
public sealed record TicketKeyPushResult(HaproxyTicketKeyTarget Target, TicketKeyPushOutcome Outcome, int KeysPushed, long RingVersion, string? Error);
