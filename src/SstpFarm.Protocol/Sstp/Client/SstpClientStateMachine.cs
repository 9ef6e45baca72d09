using System.Buffers;
using System.Security.Cryptography;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Client;

/// <summary>
/// The client side of SSTP call control for one connection (MS-SSTP §3.2, §3.1.1.1). Pure: the caller
/// feeds received packets and the time, calls <see cref="Tick"/> at or after <see cref="NextDeadlineMs"/>,
/// tells it when PPP authentication finished (<see cref="OnAuthenticated"/>) and acts on
/// <see cref="ISstpClientOutput"/>. Not thread-safe: one owner loop per connection.
/// </summary>
/// <remarks>
/// Establishment: <c>Start</c> sends Call Connect Request (→ Client_Connect_Request_Sent); the Ack
/// starts PPP (→ Client_Connect_Ack_Received); the end of PPP authentication sends Call Connected
/// with the crypto binding (→ Client_Call_Connected) and opens the data path. Echo Requests are
/// answered in every establishment state: some servers send them early (SoftEther every few seconds).
/// </remarks>
public sealed class SstpClientStateMachine
{
    private const long NoDeadline = long.MaxValue;

    private readonly ServerCertificateHashes _certificateHashes;
    private readonly ISstpClientOutput _output;
    private readonly CertHashProtocols _accepted;
    private readonly long _negotiationMs;
    private readonly long _helloMs;
    private readonly int _retryLimit;
    private readonly SstpTeardown _teardown;

    private readonly byte[] _nonce = new byte[SstpConstants.NonceLength];
    private SstpClientState _callState = SstpClientState.Client_Call_Disconnected;
    private long _deadlineMs = NoDeadline;
    private bool _echoRequestOutstanding;
    private bool _started;

    /// <param name="options">Timers and limits.</param>
    /// <param name="certificateHashes">Hashes of the leaf certificate this TLS connection presented (crypto binding, MS-SSTP §3.2.5.2).</param>
    /// <param name="output">Where packets and connection events go.</param>
    public SstpClientStateMachine(SstpClientOptions options, ServerCertificateHashes certificateHashes, ISstpClientOutput output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificateHashes);
        ArgumentNullException.ThrowIfNull(output);
        _certificateHashes = certificateHashes;
        _output = output;
        _accepted = options.AcceptedHashProtocols & certificateHashes.Available;
        _negotiationMs = (long)options.NegotiationTimeout.TotalMilliseconds;
        _helloMs = (long)options.HelloInterval.TotalMilliseconds;
        _retryLimit = options.ConnectRequestRetryLimit;
        _teardown = new SstpTeardown(options, Send);
    }

    public SstpClientState State => _teardown.InProgress ? (SstpClientState)_teardown.State : _callState;

    /// <summary>Why the connection is ending or ended; None while it is up.</summary>
    public SstpClientCloseReason CloseReason { get; private set; }

    /// <summary>The state the connection was in when teardown began — "where" it failed.</summary>
    public SstpClientState TeardownFromState { get; private set; }

    /// <summary>True once <see cref="ISstpClientOutput.CloseConnection"/> was called; all later input is ignored.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Call Connect Naks received so far.</summary>
    public int NakCount { get; private set; }

    /// <summary>The Hash Protocol chosen from the Ack's bitmask; None before the Ack.</summary>
    public CertHashProtocols HashProtocol { get; private set; }

    /// <summary>The Status Info of the server's Call Abort / Call Disconnect / last Nak, if it carried one (diagnostics).</summary>
    public SstpStatusInfo? PeerStatus { get; private set; }

    /// <summary>When <see cref="Tick"/> must next be called; <see cref="long.MaxValue"/> when no timer runs.</summary>
    public long NextDeadlineMs => _teardown.InProgress ? _teardown.DeadlineMs : _deadlineMs;

    /// <summary>PPP control frames may pass (MS-SSTP §3.2.7): from the Ack until teardown.</summary>
    public bool AllowsPppControlFrames => State is SstpClientState.Client_Connect_Ack_Received or SstpClientState.Client_Call_Connected;

    /// <summary>PPP data frames may pass (MS-SSTP §3.2.7): only once Call Connected was sent.</summary>
    public bool AllowsPppDataFrames => State == SstpClientState.Client_Call_Connected;

    /// <summary>Whether a PPP frame of <paramref name="protocol"/> may pass now, in either direction.</summary>
    public bool MayForwardPppFrame(ushort protocol) => protocol >= 0x8000 ? AllowsPppControlFrames : AllowsPppDataFrames;

    private bool IsActive => _started && !IsClosed;

    private bool InEstablishment => IsActive && !_teardown.InProgress;

    /// <summary>The HTTP handshake succeeded (200 received): send Call Connect Request.</summary>
    public void Start(long nowMs)
    {
        // MS-SSTP §3.2.1.1.1 Client_Call_Disconnected → Client_Connect_Request_Sent
        if (_started)
        {
            throw new InvalidOperationException("Start is called once per connection.");
        }

        _started = true;
        if (_accepted == CertHashProtocols.None)
        {
            throw new InvalidOperationException("No certificate hash is known for any accepted hash protocol.");
        }

        SendCallConnectRequest(nowMs);
    }

    /// <summary>A data packet arrived (its PPP frame is gated separately with <see cref="MayForwardPppFrame"/>).</summary>
    public void OnDataPacketReceived(long nowMs)
    {
        if (IsActive)
        {
            OnAnyPacketReceived(nowMs);
        }
    }

    /// <summary>A whole control packet arrived (header included, exactly its declared length).</summary>
    public void OnControlPacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        // MS-SSTP §3.2.5, §3.1.5
        if (!IsActive)
        {
            return;
        }

        OnAnyPacketReceived(nowMs);
        if (SstpControlMessage.TryRead(packet, out SstpControlMessage message) != OperationStatus.Done)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED, SstpClientCloseReason.InvalidFrame);
            return;
        }

        if (OnTeardownMessage(message, nowMs))
        {
            return;
        }

        switch (message.MessageType)
        {
            case SstpMessageType.SSTP_MSG_CALL_CONNECT_ACK:
                OnCallConnectAck(message, nowMs);
                break;
            case SstpMessageType.SSTP_MSG_CALL_CONNECT_NAK:
                OnCallConnectNak(message, nowMs);
                break;
            case SstpMessageType.SSTP_MSG_ECHO_REQUEST:
                Span<byte> echo = stackalloc byte[SstpControlWriter.BareMessageLength];
                Send(echo[..SstpControlWriter.WriteEchoResponse(echo)]);
                break;
            case SstpMessageType.SSTP_MSG_ECHO_RESPONSE:
                // Receipt alone restarted the Hello timer; an early one is harmless.
                break;
            case SstpMessageType.SSTP_MSG_CALL_CONNECT_REQUEST:
            case SstpMessageType.SSTP_MSG_CALL_CONNECTED:
            case SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK:
                // Only a client sends the first two; no Call Disconnect of ours awaits the third.
                AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpClientCloseReason.UnacceptedFrame);
                break;
            default:
                AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED, SstpClientCloseReason.InvalidFrame);
                break;
        }
    }

    /// <summary>
    /// PPP authentication succeeded with this 32-byte HLAK (zeros for PAP/CHAP-MD5): send Call Connected
    /// with the crypto binding and open the data path (MS-SSTP §3.2.5.2, §3.2.7.1). Ignored outside
    /// Client_Connect_Ack_Received.
    /// </summary>
    public void OnAuthenticated(ReadOnlySpan<byte> hlak, long nowMs)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(hlak.Length, SstpConstants.HlakLength, nameof(hlak));
        if (!IsActive || State != SstpClientState.Client_Connect_Ack_Received)
        {
            return;
        }

        Span<byte> packet = stackalloc byte[SstpCryptoBinding.CallConnectedLength];
        CallConnectedBuilder.Write(packet, HashProtocol, _nonce, _certificateHashes.Get(HashProtocol), hlak);
        CryptographicOperations.ZeroMemory(_nonce);
        _callState = SstpClientState.Client_Call_Connected;
        _deadlineMs = nowMs + _helloMs;
        _echoRequestOutstanding = false;
        Send(packet);
        _output.DataFramesAllowed();
    }

    /// <summary>
    /// PPP is done (LCP terminated, authentication failed) or the user hangs up: send Call Disconnect
    /// and wait for its Ack (MS-SSTP §3.1.1.1). Ignored once teardown has begun.
    /// </summary>
    public void Disconnect(long nowMs, SstpClientCloseReason reason = SstpClientCloseReason.UserDisconnect)
    {
        if (InEstablishment)
        {
            EnterTeardown(reason);
            _teardown.Disconnect(nowMs);
        }
    }

    /// <summary>Application abort: send Call Abort and tear down. Ignored once teardown has begun.</summary>
    public void Abort(long nowMs, SstpClientCloseReason reason = SstpClientCloseReason.UserAbort)
    {
        if (InEstablishment)
        {
            EnterTeardown(reason);
            _teardown.Abort(nowMs);
        }
    }

    /// <summary>TCP/TLS was closed by the server or failed: clean up without sending anything (MS-SSTP §3.1.7.2).</summary>
    public void OnTransportClosed(long nowMs)
    {
        _ = nowMs;
        if (IsActive)
        {
            CleanUp(_teardown.InProgress ? CloseReason : SstpClientCloseReason.TransportClosed);
        }
    }

    /// <summary>The read loop could not delineate an SSTP packet: close without sending anything (MS-SSTP §3.1.5.1).</summary>
    public void OnDelineationFailure(long nowMs)
    {
        _ = nowMs;
        if (IsActive)
        {
            CleanUp(_teardown.InProgress ? CloseReason : SstpClientCloseReason.DelineationFailure);
        }
    }

    /// <summary>Runs the timer that expired, if any. Safe to call at any time.</summary>
    public void Tick(long nowMs)
    {
        // MS-SSTP §3.1.2, §3.2.2, §3.2.6
        if (!IsActive || nowMs < NextDeadlineMs)
        {
            return;
        }

        if (_teardown.HasExpired(nowMs))
        {
            CleanUp(CloseReason);
            return;
        }

        switch (_callState)
        {
            case SstpClientState.Client_Connect_Request_Sent:
                BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT, SstpClientCloseReason.NegotiationTimeoutAwaitingConnectAck);
                break;
            case SstpClientState.Client_Connect_Ack_Received:
                BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT, SstpClientCloseReason.NegotiationTimeoutAwaitingAuthentication);
                break;
            case SstpClientState.Client_Call_Connected when !_echoRequestOutstanding:
                _echoRequestOutstanding = true;
                _deadlineMs = nowMs + _helloMs;
                Span<byte> echo = stackalloc byte[SstpControlWriter.BareMessageLength];
                Send(echo[..SstpControlWriter.WriteEchoRequest(echo)]);
                break;
            case SstpClientState.Client_Call_Connected:
                // Second silent interval: the server is gone; Call Abort would not reach it (MS-SSTP §3.1.2.3).
                CleanUp(SstpClientCloseReason.HelloTimeout);
                break;
        }
    }

    private void OnAnyPacketReceived(long nowMs)
    {
        // Any packet, control or data, restarts the Hello timer (MS-SSTP §3.1.2.3).
        if (State == SstpClientState.Client_Call_Connected)
        {
            _deadlineMs = nowMs + _helloMs;
            _echoRequestOutstanding = false;
        }
    }

    private void SendCallConnectRequest(long nowMs)
    {
        Span<byte> request = stackalloc byte[SstpControlWriter.CallConnectRequestLength];
        SstpControlWriter.WriteCallConnectRequest(request);
        _callState = SstpClientState.Client_Connect_Request_Sent;
        _deadlineMs = nowMs + _negotiationMs;
        Send(request);
    }

    private void OnCallConnectAck(SstpControlMessage ack, long nowMs)
    {
        // MS-SSTP §3.2.5.3.2
        if (State != SstpClientState.Client_Connect_Request_Sent)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpClientCloseReason.UnacceptedFrame);
            return;
        }

        if (CryptoBindingRequest.TryRead(ack, out CertHashProtocols offered, out ReadOnlySpan<byte> nonce) != OperationStatus.Done)
        {
            BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING_REQ, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED, SstpClientCloseReason.InvalidFrame);
            return;
        }

        CertHashProtocols chosen = CallConnectedBuilder.ChooseHashProtocol(offered & _accepted);
        if (chosen == CertHashProtocols.None)
        {
            BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING_REQ, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, SstpClientCloseReason.HashProtocolNotSupported);
            return;
        }

        HashProtocol = chosen;
        nonce.CopyTo(_nonce);
        _callState = SstpClientState.Client_Connect_Ack_Received;
        _deadlineMs = nowMs + _negotiationMs;
        _output.LowerLayerUp();
    }

    private void OnCallConnectNak(SstpControlMessage nak, long nowMs)
    {
        // MS-SSTP §3.2.5.3.3: we only ever ask for PPP, so a retry sends the same request.
        if (State != SstpClientState.Client_Connect_Request_Sent)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpClientCloseReason.UnacceptedFrame);
            return;
        }

        PeerStatus = FirstStatusInfo(nak);
        if (NakCount >= _retryLimit)
        {
            BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_RETRY_COUNT_EXCEEDED, SstpClientCloseReason.NakRetryCountExceeded);
            return;
        }

        NakCount++;
        SendCallConnectRequest(nowMs);
    }

    /// <summary>
    /// The server's Call Abort / Call Disconnect / Call Disconnect Ack, and everything received during
    /// teardown, belong to <see cref="SstpTeardown"/> (MS-SSTP §3.1.1.1). True when it took the message.
    /// </summary>
    private bool OnTeardownMessage(SstpControlMessage message, long nowMs)
    {
        if (_teardown.Answers(message.MessageType))
        {
            // In Call_Disconnect_Ack_Pending both sides disconnected at once; ours stays the reason.
            PeerStatus = FirstStatusInfo(message) ?? PeerStatus;
            EnterTeardown(message.MessageType == SstpMessageType.SSTP_MSG_CALL_ABORT ? SstpClientCloseReason.PeerAbort : SstpClientCloseReason.PeerDisconnect);
        }

        SstpTeardownOutcome outcome = _teardown.OnControlMessage(message.MessageType, nowMs);
        if (outcome == SstpTeardownOutcome.CleanUp)
        {
            CleanUp(CloseReason);
        }

        return outcome != SstpTeardownOutcome.NotHandled;
    }

    private static SstpStatusInfo? FirstStatusInfo(SstpControlMessage message)
    {
        SstpAttributeEnumerator attributes = message.Attributes;
        while (attributes.MoveNext())
        {
            if (SstpStatusInfo.TryRead(attributes.Current, out SstpStatusInfo status) == OperationStatus.Done)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>In teardown states every unexpected control message is silently dropped (MS-SSTP §3.1.1.1).</summary>
    private void AbortUnlessTearingDown(long nowMs, SstpAttributeStatus status, SstpClientCloseReason reason)
    {
        if (!_teardown.InProgress)
        {
            BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, status, reason);
        }
    }

    /// <summary>Call_Abort_In_Progress_1 with a Status Info saying why (MS-SSTP §3.1.5.1).</summary>
    private void BeginAbort(long nowMs, SstpAttributeId attribId, SstpAttributeStatus status, SstpClientCloseReason reason)
    {
        EnterTeardown(reason);
        _teardown.Abort(nowMs, attribId, status);
    }

    /// <summary>Before the first teardown message goes out: remember why and from where, stop Hello, forget the nonce.</summary>
    private void EnterTeardown(SstpClientCloseReason reason)
    {
        if (InEstablishment)
        {
            TeardownFromState = State;
            CloseReason = reason;
        }

        _echoRequestOutstanding = false;
        CryptographicOperations.ZeroMemory(_nonce);
    }

    private void CleanUp(SstpClientCloseReason reason)
    {
        if (InEstablishment)
        {
            TeardownFromState = State;
        }

        CloseReason = reason;
        _teardown.Close();
        _callState = SstpClientState.Client_Call_Disconnected;
        IsClosed = true;
        _deadlineMs = NoDeadline;
        CryptographicOperations.ZeroMemory(_nonce);
        _output.CloseConnection(reason);
    }

    private void Send(ReadOnlySpan<byte> packet) => _output.SendControlPacket(packet);
}
