namespace SstpFarm.Protocol.Sstp;

/// <summary>What <see cref="SstpTeardown.OnControlMessage"/> did with a received control message.</summary>
public enum SstpTeardownOutcome
{
    /// <summary>No teardown is running and the message does not start one: call establishment handles it.</summary>
    NotHandled,

    /// <summary>Dropped: in a teardown state every other message is ignored (MS-SSTP §3.1.2.1).</summary>
    Ignored,

    /// <summary>The peer's Call Abort or Call Disconnect was answered and its timer 2 runs (…_In_Progress_2).</summary>
    Answered,

    /// <summary>The peer answered our Call Abort: ABORT_STATE_TIMER_2 runs (Call_Abort_Timeout_Pending).</summary>
    AbortAnswered,

    /// <summary>The peer acknowledged our Call Disconnect: clean up now.</summary>
    CleanUp,
}
