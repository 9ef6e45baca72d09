namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>Automaton states, numbered and named as in RFC 1661 §4.2.</summary>
public enum PppState
{
    Initial = 0,
    Starting = 1,
    Closed = 2,
    Stopped = 3,
    Closing = 4,
    Stopping = 5,
    ReqSent = 6,
    AckRcvd = 7,
    AckSent = 8,
    Opened = 9,
}
