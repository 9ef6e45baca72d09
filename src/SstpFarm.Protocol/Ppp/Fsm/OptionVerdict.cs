namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>How one option of a received Configure-Request is answered (RFC 1661 §5.2-§5.4).</summary>
public enum OptionVerdict
{
    Ack,
    Nak,
    Reject,
}
