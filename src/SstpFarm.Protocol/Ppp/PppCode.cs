namespace SstpFarm.Protocol.Ppp;

/// <summary>The Code field of LCP/NCP packets (RFC 1661 §5, RFC 1570 §2, RFC 1962 §3).</summary>
public enum PppCode : byte
{
    ConfigureRequest = 1,
    ConfigureAck = 2,
    ConfigureNak = 3,
    ConfigureReject = 4,
    TerminateRequest = 5,
    TerminateAck = 6,
    CodeReject = 7,
    ProtocolReject = 8,
    EchoRequest = 9,
    EchoReply = 10,
    DiscardRequest = 11,
    Identification = 12,
    TimeRemaining = 13,
    ResetRequest = 14,
    ResetAck = 15,
}
