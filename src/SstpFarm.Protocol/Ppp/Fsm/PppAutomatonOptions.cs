namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>Tuning of the option negotiation automaton; defaults are RFC 1661 §4.6's suggestions.</summary>
public sealed class PppAutomatonOptions
{
    /// <summary>Shared instance with the RFC defaults; do not mutate.</summary>
    public static PppAutomatonOptions Default { get; } = new();

    /// <summary>Restart timer (RFC 1661 §4.6: 3 seconds).</summary>
    public int RestartTimerMs { get; init; } = 3000;

    /// <summary>Terminate-Requests sent without a Terminate-Ack before giving up (RFC 1661 §4.6: 2).</summary>
    public int MaxTerminate { get; init; } = 2;

    /// <summary>Configure-Requests sent without a valid reply before giving up (RFC 1661 §4.6: 10).</summary>
    public int MaxConfigure { get; init; } = 10;

    /// <summary>Configure-Naks sent without an Ack before Naks become Rejects (RFC 1661 §4.6: 5).</summary>
    public int MaxFailure { get; init; } = 5;
}
