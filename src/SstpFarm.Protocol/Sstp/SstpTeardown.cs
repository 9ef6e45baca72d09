using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Protocol.Sstp;

/// <summary>
/// The Call Disconnect and Call Abort state machine both ends share (MS-SSTP §3.1.1.1, timers §3.1.2.1
/// and §3.1.2.2, abort procedure §3.1.5.1; event rows in docs/protocol/sstp.md §8.2–§8.3). Pure: the
/// owning client or server machine starts it, feeds it received control messages and the time, and
/// cleans up when it says so. It sends through the sink it was given, while in the *_In_Progress_*
/// state of the message being sent. Not thread-safe: owned by one state machine.
/// </summary>
public sealed class SstpTeardown
{
    private const long NoDeadline = long.MaxValue;

    private readonly SstpControlPacketSink _send;
    private readonly long _abortTimer1Ms;
    private readonly long _abortTimer2Ms;
    private readonly long _disconnectTimer1Ms;
    private readonly long _disconnectTimer2Ms;

    /// <param name="options">ABORT_STATE_TIMER_1/2 and DISCONNECT_STATE_TIMER_1/2.</param>
    /// <param name="send">Where Call Abort, Call Disconnect and Call Disconnect Ack go.</param>
    public SstpTeardown(SstpTimerOptions options, SstpControlPacketSink send)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(send);
        _send = send;
        _abortTimer1Ms = (long)options.AbortTimer1.TotalMilliseconds;
        _abortTimer2Ms = (long)options.AbortTimer2.TotalMilliseconds;
        _disconnectTimer1Ms = (long)options.DisconnectTimer1.TotalMilliseconds;
        _disconnectTimer2Ms = (long)options.DisconnectTimer2.TotalMilliseconds;
    }

    /// <summary>The teardown state; <see cref="SstpTeardownState.None"/> before teardown and after <see cref="Close"/>.</summary>
    public SstpTeardownState State { get; private set; }

    /// <summary>True from the start of teardown until <see cref="Close"/>.</summary>
    public bool InProgress => State != SstpTeardownState.None;

    /// <summary>When the running teardown timer expires; <see cref="long.MaxValue"/> when none runs.</summary>
    public long DeadlineMs { get; private set; } = NoDeadline;

    /// <summary>
    /// Whether a received <paramref name="messageType"/> is answered rather than ignored or awaited: the
    /// peer's Call Abort or Call Disconnect before teardown, or colliding with our Call Disconnect.
    /// The owner records the peer's reason before <see cref="OnControlMessage"/> sends the answer.
    /// </summary>
    public bool Answers(SstpMessageType messageType) =>
        messageType is SstpMessageType.SSTP_MSG_CALL_ABORT or SstpMessageType.SSTP_MSG_CALL_DISCONNECT
        && State is SstpTeardownState.None or SstpTeardownState.Call_Disconnect_Ack_Pending;

    /// <summary>
    /// Call_Abort_In_Progress_1 (MS-SSTP §3.1.5.1): send Call Abort without Status Info, start
    /// ABORT_STATE_TIMER_1, → Call_Abort_Pending. Ignored once teardown has begun.
    /// </summary>
    public void Abort(long nowMs)
    {
        Span<byte> packet = stackalloc byte[SstpControlWriter.BareMessageLength];
        Begin(SstpTeardownState.Call_Abort_In_Progress_1, packet[..SstpControlWriter.WriteCallAbort(packet)], SstpTeardownState.Call_Abort_Pending, nowMs + _abortTimer1Ms);
    }

    /// <summary>As <see cref="Abort(long)"/>, with one Status Info saying why (MS-SSTP §2.2.8, §3.1.5.1).</summary>
    public void Abort(long nowMs, SstpAttributeId attribId, SstpAttributeStatus status)
    {
        Span<byte> packet = stackalloc byte[SstpControlWriter.MessageWithStatusInfoLength];
        Begin(SstpTeardownState.Call_Abort_In_Progress_1, packet[..SstpControlWriter.WriteCallAbort(packet, attribId, status)], SstpTeardownState.Call_Abort_Pending, nowMs + _abortTimer1Ms);
    }

    /// <summary>
    /// Call_Disconnect_In_Progress_1 (MS-SSTP §3.1.1.1): send Call Disconnect with Status Info (0, 0) as
    /// Windows does, start DISCONNECT_STATE_TIMER_1, → Call_Disconnect_Ack_Pending. Ignored once teardown has begun.
    /// </summary>
    public void Disconnect(long nowMs)
    {
        Span<byte> packet = stackalloc byte[SstpControlWriter.MessageWithStatusInfoLength];
        int length = SstpControlWriter.WriteCallDisconnect(packet, SstpAttributeId.SSTP_ATTRIB_NO_ERROR, SstpAttributeStatus.ATTRIB_STATUS_NO_ERROR);
        Begin(SstpTeardownState.Call_Disconnect_In_Progress_1, packet[..length], SstpTeardownState.Call_Disconnect_Ack_Pending, nowMs + _disconnectTimer1Ms);
    }

    /// <summary>A well-formed control message of <paramref name="messageType"/> arrived (MS-SSTP §3.1.1.1, §3.1.2.1, §3.1.2.2).</summary>
    public SstpTeardownOutcome OnControlMessage(SstpMessageType messageType, long nowMs)
    {
        if (Answers(messageType))
        {
            return Answer(messageType, nowMs);
        }

        if (!InProgress)
        {
            return SstpTeardownOutcome.NotHandled;
        }

        if (messageType == SstpMessageType.SSTP_MSG_CALL_ABORT && State == SstpTeardownState.Call_Abort_Pending)
        {
            Await(SstpTeardownState.Call_Abort_Timeout_Pending, nowMs + _abortTimer2Ms);
            return SstpTeardownOutcome.AbortAnswered;
        }

        return messageType == SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK && State == SstpTeardownState.Call_Disconnect_Ack_Pending
            ? SstpTeardownOutcome.CleanUp
            : SstpTeardownOutcome.Ignored;
    }

    /// <summary>True when a teardown timer has expired: every one of them ends in clean-up (MS-SSTP §3.1.2.1, §3.1.2.2).</summary>
    public bool HasExpired(long nowMs) => InProgress && nowMs >= DeadlineMs;

    /// <summary>The owner cleaned up (timer, Ack, transport closed): back to <see cref="SstpTeardownState.None"/>, no timer.</summary>
    public void Close()
    {
        State = SstpTeardownState.None;
        DeadlineMs = NoDeadline;
    }

    private SstpTeardownOutcome Answer(SstpMessageType messageType, long nowMs)
    {
        Span<byte> packet = stackalloc byte[SstpControlWriter.BareMessageLength];
        if (messageType == SstpMessageType.SSTP_MSG_CALL_ABORT)
        {
            // Answered even when both ends aborted at once, so that each receives the other's (§3.1.2.1).
            Step(SstpTeardownState.Call_Abort_In_Progress_2, packet[..SstpControlWriter.WriteCallAbort(packet)], SstpTeardownState.Call_Abort_Timeout_Pending, nowMs + _abortTimer2Ms);
        }
        else
        {
            // From Call_Disconnect_Ack_Pending too: both ends disconnected at once.
            Step(SstpTeardownState.Call_Disconnect_In_Progress_2, packet[..SstpControlWriter.WriteCallDisconnectAck(packet)], SstpTeardownState.Call_Disconnect_Timeout_Pending, nowMs + _disconnectTimer2Ms);
        }

        return SstpTeardownOutcome.Answered;
    }

    private void Begin(SstpTeardownState inProgress, ReadOnlySpan<byte> packet, SstpTeardownState waiting, long deadlineMs)
    {
        if (!InProgress)
        {
            Step(inProgress, packet, waiting, deadlineMs);
        }
    }

    /// <summary>Passes through <paramref name="inProgress"/> while <paramref name="packet"/> is sent, then waits.</summary>
    private void Step(SstpTeardownState inProgress, ReadOnlySpan<byte> packet, SstpTeardownState waiting, long deadlineMs)
    {
        State = inProgress;
        _send(packet);
        Await(waiting, deadlineMs);
    }

    private void Await(SstpTeardownState state, long deadlineMs)
    {
        DeadlineMs = deadlineMs;
        State = state;
    }
}
