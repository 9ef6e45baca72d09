namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>
/// Why an SSTP connection ended, and on which side. Tags the session-end log line and metrics
/// (<c>error.type</c>), so the names and values are a public contract: add, never renumber.
/// </summary>
public enum SstpCloseReason
{
    None = 0,

    /// <summary>The peer closed TCP/TLS without (or before finishing) an SSTP teardown.</summary>
    TransportClosed = 1,

    /// <summary>The byte stream was not SSTP (bad version or length); closed without a message (MS-SSTP §3.1.5.1).</summary>
    DelineationFailure = 2,

    /// <summary>We aborted: malformed control message or unknown message type.</summary>
    InvalidFrame = 3,

    /// <summary>We aborted: a message that is not valid in the current state.</summary>
    UnacceptedFrame = 4,

    /// <summary>We aborted: more invalid Call Connect Requests than the NAK retry limit.</summary>
    NakRetryCountExceeded = 5,

    /// <summary>We aborted: no acceptable Call Connect Request within the negotiation timeout.</summary>
    NegotiationTimeoutAwaitingConnectRequest = 6,

    /// <summary>We aborted: no verified Call Connected within the negotiation timeout (PPP too slow, or the HLAK never came).</summary>
    NegotiationTimeoutAwaitingCallConnected = 7,

    /// <summary>We aborted: Call Connected was malformed.</summary>
    CryptoBindingFormatError = 8,

    /// <summary>We aborted: the client used a hash protocol we did not offer.</summary>
    CryptoBindingHashProtocolNotOffered = 9,

    /// <summary>We aborted: the nonce was not the one from our Call Connect Ack.</summary>
    CryptoBindingNonceMismatch = 10,

    /// <summary>We aborted: the client saw a different certificate (TLS interception, or a proxy's hash not configured).</summary>
    CryptoBindingCertificateHashMismatch = 11,

    /// <summary>We aborted: the Compound MAC did not verify (wrong HLAK, client without MPPE keys, or a relay attack).</summary>
    CryptoBindingMacMismatch = 12,

    /// <summary>Nothing received for two Hello intervals; closed without Call Abort (MS-SSTP §3.1.2.3).</summary>
    HelloTimeout = 13,

    /// <summary>The peer sent Call Abort.</summary>
    PeerAbort = 14,

    /// <summary>The peer sent Call Disconnect (normal client hang-up).</summary>
    PeerDisconnect = 15,

    /// <summary>We disconnected because PPP closed (LCP terminated by either side).</summary>
    PppTerminated = 16,

    /// <summary>We disconnected because PPP authentication failed.</summary>
    AuthenticationFailed = 17,

    /// <summary>We disconnected on an operator's request.</summary>
    AdminDisconnect = 18,

    /// <summary>We aborted on an operator's request (or at shutdown).</summary>
    AdminAbort = 19,
}
