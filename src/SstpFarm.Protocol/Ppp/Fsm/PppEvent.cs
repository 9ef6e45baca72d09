namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>Automaton events as named in RFC 1661 §4.3 (TO+ is TOPlus, RCR− is RCRMinus, ...).</summary>
public enum PppEvent
{
    Up,
    Down,
    Open,
    Close,
    TOPlus,
    TOMinus,
    RCRPlus,
    RCRMinus,
    RCA,
    RCN,
    RTR,
    RTA,
    RUC,
    RXJPlus,
    RXJMinus,
    RXR,
}
