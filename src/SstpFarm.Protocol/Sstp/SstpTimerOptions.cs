namespace SstpFarm.Protocol.Sstp;

/// <summary>
/// The MS-SSTP timers both ends run (§3.1.2, §3.2.2.1, §3.3.2.1; docs/protocol/sstp.md §10). Every
/// default states where it comes from; setters reject values that would break the protocol.
/// </summary>
public abstract class SstpTimerOptions
{
    private TimeSpan _negotiationTimeout = TimeSpan.FromSeconds(60);
    private TimeSpan _helloInterval = TimeSpan.FromSeconds(60);
    private TimeSpan _abortTimer1 = TimeSpan.FromSeconds(3);
    private TimeSpan _abortTimer2 = TimeSpan.FromSeconds(1);
    private TimeSpan _disconnectTimer1 = TimeSpan.FromSeconds(5);
    private TimeSpan _disconnectTimer2 = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Negotiation timer. Server: from HTTP 200 to Call Connect Request, and again from Call Connect
    /// Ack to a verified Call Connected (MS-SSTP §3.3.2.1, Windows footnote &lt;12&gt;, accel). Client:
    /// from Call Connect Request to the Ack, and again to the end of PPP authentication (§3.2.2.1,
    /// footnote &lt;6&gt;). 60 s.
    /// </summary>
    public TimeSpan NegotiationTimeout { get => _negotiationTimeout; set => _negotiationTimeout = Positive(value); }

    /// <summary>
    /// Idle time before we send Echo Request; the same again without anything received closes the
    /// connection. 60 s: MS-SSTP §3.1.2.3, accel, sorz.
    /// </summary>
    public TimeSpan HelloInterval { get => _helloInterval; set => _helloInterval = Positive(value); }

    /// <summary>Wait for the peer's Call Abort after ours. 3 s: MS-SSTP §3.1.2.1 (ABORT_STATE_TIMER_1), accel, sorz.</summary>
    public TimeSpan AbortTimer1 { get => _abortTimer1; set => _abortTimer1 = Positive(value); }

    /// <summary>Linger after the Call Abort exchange. 1 s: MS-SSTP §3.1.2.1 (ABORT_STATE_TIMER_2).</summary>
    public TimeSpan AbortTimer2 { get => _abortTimer2; set => _abortTimer2 = Positive(value); }

    /// <summary>Wait for Call Disconnect Ack. 5 s: MS-SSTP §3.1.2.2 (DISCONNECT_STATE_TIMER_1), accel.</summary>
    public TimeSpan DisconnectTimer1 { get => _disconnectTimer1; set => _disconnectTimer1 = Positive(value); }

    /// <summary>Linger after sending Call Disconnect Ack. 1 s: MS-SSTP §3.1.2.2 (DISCONNECT_STATE_TIMER_2).</summary>
    public TimeSpan DisconnectTimer2 { get => _disconnectTimer2; set => _disconnectTimer2 = Positive(value); }

    private static TimeSpan Positive(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
        return value;
    }
}
