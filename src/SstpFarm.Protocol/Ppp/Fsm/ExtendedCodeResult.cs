namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>
/// What a protocol makes of a received Code beyond 1-7 (LCP's 8-13, CCP's 14-15):
/// the event it raises, or Discard for a code that is known and silently ignored.
/// </summary>
public enum ExtendedCodeResult
{
    /// <summary>Not a code of this protocol: RUC, answered with Code-Reject.</summary>
    Unknown,
    Discard,
    RXR,
    RXJPlus,
    RXJMinus,
}
