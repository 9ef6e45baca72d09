namespace SstpFarm.DataPlane.Sessions;

/// <summary>
/// Why a connection ended and where: the session-end log line and the <c>error.type</c> metric tag.
/// Values 0-99 are exactly <see cref="SstpFarm.Protocol.Sstp.Server.SstpCloseReason"/> (same names, same
/// numbers, so a cast converts); 100+ are the handshake, transport, PPP, address and node reasons the
/// SSTP state machine does not know. Public contract: add, never renumber.
/// </summary>
public enum ConnectionCloseReason
{
    None = 0,
    TransportClosed = 1,
    DelineationFailure = 2,
    InvalidFrame = 3,
    UnacceptedFrame = 4,
    NakRetryCountExceeded = 5,
    NegotiationTimeoutAwaitingConnectRequest = 6,
    NegotiationTimeoutAwaitingCallConnected = 7,
    CryptoBindingFormatError = 8,
    CryptoBindingHashProtocolNotOffered = 9,
    CryptoBindingNonceMismatch = 10,
    CryptoBindingCertificateHashMismatch = 11,
    CryptoBindingMacMismatch = 12,
    HelloTimeout = 13,
    PeerAbort = 14,
    PeerDisconnect = 15,
    PppTerminated = 16,
    AuthenticationFailed = 17,
    AdminDisconnect = 18,
    AdminAbort = 19,

    /// <summary>Handshake: PROXY protocol required but the connection did not start with a header.</summary>
    ProxyHeaderMissing = 100,

    /// <summary>Handshake: the PROXY header was malformed or too long.</summary>
    ProxyHeaderInvalid = 101,

    /// <summary>Handshake: PROXY header, TLS handshake or HTTP request not complete in time (the stage says which).</summary>
    HandshakeTimeout = 102,

    /// <summary>Handshake: TLS failed (protocol version, cipher suites, bad record, client gave up).</summary>
    TlsHandshakeFailed = 103,

    /// <summary>Handshake: the HTTP request was malformed or over the limits (answered 400/431/505).</summary>
    HttpRequestInvalid = 104,

    /// <summary>Handshake: a well-formed HTTP request that is not SSTP (answered 404).</summary>
    NotSstpRequest = 105,

    /// <summary>Handshake: the client closed the connection before its request was complete.</summary>
    ClientClosedDuringHandshake = 106,

    /// <summary>Refused at accept: too many half-open handshakes or sessions (503 when an HTTP answer is possible).</summary>
    NodeAtCapacity = 107,

    /// <summary>Transport: a socket/TLS error in the middle of a session (reset, bad record MAC).</summary>
    TransportError = 108,

    /// <summary>PPP: the peer terminated LCP.</summary>
    PppPeerTerminated = 109,

    /// <summary>PPP: LCP or an NCP could not agree on options.</summary>
    PppNegotiationFailed = 110,

    /// <summary>PPP: LCP Echo went unanswered.</summary>
    PppKeepaliveFailed = 111,

    /// <summary>PPP: the client refused every authentication method we offer.</summary>
    AuthenticationRefused = 112,

    /// <summary>Addresses: the pool had no address for this user (exhausted, static address taken, store down).</summary>
    AddressAllocationFailed = 113,

    /// <summary>Node: graceful stop (Call Disconnect sent to every session).</summary>
    NodeShutdown = 114,

    /// <summary>Node: a bug (an unexpected exception in the session loop); logged with the exception.</summary>
    InternalError = 115,
}
