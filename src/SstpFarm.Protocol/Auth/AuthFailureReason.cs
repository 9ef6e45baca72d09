namespace SstpFarm.Protocol.Auth;

/// <summary>Why an authentication exchange failed, from the point of view of the side that reports it.</summary>
public enum AuthFailureReason
{
    /// <summary>Server: the verifier rejected the credentials. Client: the server sent Nak/Failure.</summary>
    CredentialsRejected,

    /// <summary>Our packet was retransmitted the maximum number of times without an answer.</summary>
    NoResponse,

    /// <summary>The overall authentication time ran out (a slow verifier included).</summary>
    Timeout,

    /// <summary>Client: the server's MS-CHAPv2 authenticator response was wrong (RFC 2759 §5).</summary>
    AuthenticatorResponseMismatch,

    /// <summary>Server: the peer refused the offered method (an EAP Legacy Nak, RFC 3748 §5.3.1).</summary>
    MethodRefused,

    /// <summary>The peer broke the protocol in a way that ends the exchange.</summary>
    ProtocolViolation,
}
