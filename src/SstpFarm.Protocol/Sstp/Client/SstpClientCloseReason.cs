namespace SstpFarm.Protocol.Sstp.Client;

/// <summary>
/// Why a client's SSTP connection ended. Reported to the user and tagged on the load generator's
/// failure counts, so the names and values are a contract: add, never renumber.
/// </summary>
public enum SstpClientCloseReason
{
    None = 0,

    /// <summary>The server closed TCP/TLS without (or before finishing) an SSTP teardown.</summary>
    TransportClosed = 1,

    /// <summary>The byte stream was not SSTP (bad version or length); closed without a message (MS-SSTP §3.1.5.1).</summary>
    DelineationFailure = 2,

    /// <summary>We aborted: malformed control message or unknown message type.</summary>
    InvalidFrame = 3,

    /// <summary>We aborted: a message that is not valid in the current state.</summary>
    UnacceptedFrame = 4,

    /// <summary>We aborted: the server Nak'ed more Call Connect Requests than the retry limit.</summary>
    NakRetryCountExceeded = 5,

    /// <summary>We aborted: no Call Connect Ack within the negotiation timeout.</summary>
    NegotiationTimeoutAwaitingConnectAck = 6,

    /// <summary>We aborted: PPP authentication did not finish within the negotiation timeout after the Ack.</summary>
    NegotiationTimeoutAwaitingAuthentication = 7,

    /// <summary>We aborted: the Ack offered no certificate hash protocol we accept.</summary>
    HashProtocolNotSupported = 8,

    /// <summary>Nothing received for two Hello intervals; closed without Call Abort (MS-SSTP §3.1.2.3).</summary>
    HelloTimeout = 9,

    /// <summary>The server sent Call Abort (e.g. it rejected our crypto binding).</summary>
    PeerAbort = 10,

    /// <summary>The server sent Call Disconnect.</summary>
    PeerDisconnect = 11,

    /// <summary>We disconnected because PPP closed (LCP terminated by either side, negotiation failed).</summary>
    PppTerminated = 12,

    /// <summary>We disconnected because PPP authentication failed or no method was acceptable.</summary>
    AuthenticationFailed = 13,

    /// <summary>We disconnected because the user (or the application) hung up.</summary>
    UserDisconnect = 14,

    /// <summary>We aborted on the application's request.</summary>
    UserAbort = 15,
}
