using System.Buffers;
using System.Security.Cryptography;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>
/// The server side of SSTP call control for one connection (MS-SSTP §3.3, §3.1.1.1; event table in
/// docs/protocol/sstp.md §8.3). Pure: the caller feeds received packets and the time, calls
/// <see cref="Tick"/> at or after <see cref="NextDeadlineMs"/>, and acts on <see cref="ISstpServerOutput"/>.
/// Not thread-safe: one owner loop per connection.
/// </summary>
public sealed class SstpServerStateMachine
{
    private const long NoDeadline = long.MaxValue;

    private readonly ServerCertificateHashes _certificateHashes;
    private readonly IRandomSource _random;
    private readonly ISstpServerOutput _output;
    private readonly long _negotiationMs;
    private readonly long _helloMs;
    private readonly int _nakRetryLimit;
    private readonly bool _answerEchoBeforeCallConnected;
    private readonly SstpTeardown _teardown;

    private readonly byte[] _nonce = new byte[SstpConstants.NonceLength];
    private byte[]? _hlak;
    private byte[]? _queuedCallConnected;
    private CertHashProtocols _queuedProtocol;

    private SstpServerState _callState = SstpServerState.Server_Call_Disconnected;
    private long _deadlineMs = NoDeadline;
    private bool _echoRequestOutstanding;
    private bool _started;

    public SstpServerStateMachine(SstpServerOptions options, ServerCertificateHashes certificateHashes, IRandomSource random, ISstpServerOutput output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificateHashes);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(output);

        OfferedHashProtocols = options.OfferedHashProtocols & certificateHashes.Available;
        if (OfferedHashProtocols == CertHashProtocols.None)
        {
            throw new ArgumentException("No certificate hash is known for any offered hash protocol.", nameof(certificateHashes));
        }

        _certificateHashes = certificateHashes;
        _random = random;
        _output = output;
        _negotiationMs = (long)options.NegotiationTimeout.TotalMilliseconds;
        _helloMs = (long)options.HelloInterval.TotalMilliseconds;
        _nakRetryLimit = options.NakRetryLimit;
        _answerEchoBeforeCallConnected = options.AnswerEchoRequestBeforeCallConnected;
        _teardown = new SstpTeardown(options, Send);
    }

    public SstpServerState State => _teardown.InProgress ? (SstpServerState)_teardown.State : _callState;

    /// <summary>The bitmask sent in Call Connect Ack: the configured one limited to the known certificate hashes.</summary>
    public CertHashProtocols OfferedHashProtocols { get; }

    /// <summary>Why the connection is ending or ended; None while it is up.</summary>
    public SstpCloseReason CloseReason { get; private set; }

    /// <summary>The state the connection was in when teardown began — "where" it failed.</summary>
    public SstpServerState TeardownFromState { get; private set; }

    /// <summary>True once <see cref="ISstpServerOutput.CloseConnection"/> was called; all later input is ignored.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Call Connect Naks sent so far.</summary>
    public int NakCount { get; private set; }

    /// <summary>True while a Call Connected waits for <see cref="SetHigherLayerAuthenticationKey"/>.</summary>
    public bool IsCallConnectedQueued => _queuedCallConnected is not null;

    /// <summary>When <see cref="Tick"/> must next be called; <see cref="long.MaxValue"/> when no timer runs.</summary>
    public long NextDeadlineMs => _teardown.InProgress ? _teardown.DeadlineMs : _deadlineMs;

    /// <summary>PPP control frames may pass (either direction).</summary>
    public bool AllowsPppControlFrames => SstpFrameGate.AllowsPppControlFrames(State);

    /// <summary>PPP data frames may pass (either direction).</summary>
    public bool AllowsPppDataFrames => SstpFrameGate.AllowsPppDataFrames(State);

    /// <summary>Whether a PPP frame of <paramref name="protocol"/> may pass now (MS-SSTP §3.3.7).</summary>
    public bool MayForwardPppFrame(ushort protocol) => SstpFrameGate.MayForward(State, protocol);

    private bool IsActive => _started && !IsClosed;

    private bool InEstablishment => IsActive && !_teardown.InProgress;

    /// <summary>The HTTP handshake succeeded and 200 was sent: wait for Call Connect Request.</summary>
    public void Start(long nowMs)
    {
        // MS-SSTP §3.3.1.1.1
        if (_started)
        {
            throw new InvalidOperationException("Start is called once per connection.");
        }

        _started = true;
        _callState = SstpServerState.Server_Connect_Request_Pending;
        _deadlineMs = nowMs + _negotiationMs;
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
        // MS-SSTP §3.3.5.2, §3.1.5
        if (!IsActive)
        {
            return;
        }

        OnAnyPacketReceived(nowMs);
        if (SstpControlMessage.TryRead(packet, out SstpControlMessage message) != OperationStatus.Done)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED, SstpCloseReason.InvalidFrame);
            return;
        }

        if (OnTeardownMessage(message.MessageType, nowMs))
        {
            return;
        }

        switch (message.MessageType)
        {
            case SstpMessageType.SSTP_MSG_CALL_CONNECT_REQUEST:
                OnCallConnectRequest(message, nowMs);
                break;
            case SstpMessageType.SSTP_MSG_CALL_CONNECTED:
                OnCallConnected(message.Packet, nowMs);
                break;
            case SstpMessageType.SSTP_MSG_ECHO_REQUEST:
                OnEchoRequest(nowMs);
                break;
            case SstpMessageType.SSTP_MSG_ECHO_RESPONSE:
                // Receipt alone restarted the Hello timer.
                if (State != SstpServerState.Server_Call_Connected)
                {
                    AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpCloseReason.UnacceptedFrame);
                }

                break;
            case SstpMessageType.SSTP_MSG_CALL_CONNECT_ACK:
            case SstpMessageType.SSTP_MSG_CALL_CONNECT_NAK:
            case SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK:
                // Only a server sends the first two; no Call Disconnect of ours awaits the third.
                AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpCloseReason.UnacceptedFrame);
                break;
            default:
                AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED, SstpCloseReason.InvalidFrame);
                break;
        }
    }

    /// <summary>
    /// PPP authentication finished on our side and produced the 32-byte HLAK (zeros for PAP/CHAP or no
    /// authentication). A Call Connected that arrived earlier is verified now (interop.md #14).
    /// </summary>
    public void SetHigherLayerAuthenticationKey(ReadOnlySpan<byte> hlak, long nowMs)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(hlak.Length, SstpConstants.HlakLength, nameof(hlak));
        if (!IsActive || State != SstpServerState.Server_Call_Connected_Pending)
        {
            return;
        }

        _hlak ??= new byte[SstpConstants.HlakLength];
        hlak.CopyTo(_hlak);
        if (_queuedCallConnected is not null)
        {
            CompleteCryptoBinding(_queuedCallConnected, _queuedProtocol, nowMs);
        }
    }

    /// <summary>
    /// PPP is done (LCP terminated, authentication failed) or an operator hangs up: send Call Disconnect
    /// and wait for its Ack. Ignored once teardown has begun.
    /// </summary>
    public void Disconnect(long nowMs, SstpCloseReason reason = SstpCloseReason.PppTerminated)
    {
        // MS-SSTP §3.1.1.1 Call_Disconnect_In_Progress_1
        if (InEstablishment)
        {
            EnterTeardown(reason);
            _teardown.Disconnect(nowMs);
        }
    }

    /// <summary>Operator abort (or shutdown): send Call Abort and tear down. Ignored once teardown has begun.</summary>
    public void Abort(long nowMs, SstpCloseReason reason = SstpCloseReason.AdminAbort)
    {
        if (InEstablishment)
        {
            EnterTeardown(reason);
            _teardown.Abort(nowMs);
        }
    }

    /// <summary>TCP/TLS was closed by the peer or failed: clean up without sending anything (MS-SSTP §3.1.7.2).</summary>
    public void OnTransportClosed(long nowMs)
    {
        _ = nowMs;
        if (IsActive)
        {
            // During teardown the reason that started it stays the reason.
            CleanUp(_teardown.InProgress ? CloseReason : SstpCloseReason.TransportClosed);
        }
    }

    /// <summary>The read loop could not delineate an SSTP packet: close without sending anything (MS-SSTP §3.1.5.1).</summary>
    public void OnDelineationFailure(long nowMs)
    {
        _ = nowMs;
        if (IsActive)
        {
            CleanUp(_teardown.InProgress ? CloseReason : SstpCloseReason.DelineationFailure);
        }
    }

    /// <summary>Runs the timer that expired, if any. Safe to call at any time.</summary>
    public void Tick(long nowMs)
    {
        // MS-SSTP §3.1.2, §3.3.2, §3.3.6
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
            case SstpServerState.Server_Connect_Request_Pending:
                BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT, SstpCloseReason.NegotiationTimeoutAwaitingConnectRequest);
                break;
            case SstpServerState.Server_Call_Connected_Pending:
                BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT, SstpCloseReason.NegotiationTimeoutAwaitingCallConnected);
                break;
            case SstpServerState.Server_Call_Connected when !_echoRequestOutstanding:
                _echoRequestOutstanding = true;
                _deadlineMs = nowMs + _helloMs;
                Span<byte> echo = stackalloc byte[SstpControlWriter.BareMessageLength];
                Send(echo[..SstpControlWriter.WriteEchoRequest(echo)]);
                break;
            case SstpServerState.Server_Call_Connected:
                // Second silent interval: the peer is gone; Call Abort would not reach it (MS-SSTP §3.1.2.3).
                CleanUp(SstpCloseReason.HelloTimeout);
                break;
        }
    }

    private void OnAnyPacketReceived(long nowMs)
    {
        // Any packet, control or data, restarts the Hello timer (MS-SSTP §3.1.2.3).
        if (State == SstpServerState.Server_Call_Connected)
        {
            _deadlineMs = nowMs + _helloMs;
            _echoRequestOutstanding = false;
        }
    }

    private void OnCallConnectRequest(SstpControlMessage request, long nowMs)
    {
        // MS-SSTP §3.3.5.2.2
        if (State != SstpServerState.Server_Connect_Request_Pending)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpCloseReason.UnacceptedFrame);
            return;
        }

        SstpStatusInfo[] problems = CallConnectRequestValidator.Validate(request);
        if (problems.Length > 0)
        {
            if (NakCount >= _nakRetryLimit)
            {
                BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_RETRY_COUNT_EXCEEDED, SstpCloseReason.NakRetryCountExceeded);
                return;
            }

            NakCount++;
            byte[] nak = new byte[SstpControlWriter.GetCallConnectNakLength(problems)];
            SstpControlWriter.WriteCallConnectNak(nak, problems);
            Send(nak);
            return;
        }

        _deadlineMs = nowMs + _negotiationMs;
        _random.Fill(_nonce);
        _callState = SstpServerState.Server_Call_Connected_Pending;
        Span<byte> ack = stackalloc byte[SstpControlWriter.CallConnectAckLength];
        SstpControlWriter.WriteCallConnectAck(ack, OfferedHashProtocols, _nonce);
        Send(ack);
        _output.LowerLayerUp();
    }

    private void OnCallConnected(ReadOnlySpan<byte> packet, long nowMs)
    {
        // MS-SSTP §3.3.5.2.3
        if (State != SstpServerState.Server_Call_Connected_Pending)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpCloseReason.UnacceptedFrame);
            return;
        }

        // Everything but the MAC can be checked before the HLAK is known; fail early if it is wrong.
        CryptoBindingResult result = CallConnectedVerifier.CheckWithoutKey(packet, OfferedHashProtocols, _nonce, _certificateHashes, out CertHashProtocols protocol);
        if (result != CryptoBindingResult.Ok)
        {
            FailCryptoBinding(result, nowMs);
            return;
        }

        if (_hlak is not null)
        {
            CompleteCryptoBinding(packet, protocol, nowMs);
            return;
        }

        // sstpc sends Call Connected before our PPP authentication finished; the negotiation timer still runs.
        _queuedCallConnected ??= new byte[SstpCryptoBinding.CallConnectedLength];
        packet.CopyTo(_queuedCallConnected);
        _queuedProtocol = protocol;
    }

    private void CompleteCryptoBinding(ReadOnlySpan<byte> packet, CertHashProtocols protocol, long nowMs)
    {
        CryptoBindingResult result = CallConnectedVerifier.VerifyCompoundMac(packet, protocol, _hlak);
        if (result != CryptoBindingResult.Ok)
        {
            FailCryptoBinding(result, nowMs);
            return;
        }

        WipeSecrets();
        _callState = SstpServerState.Server_Call_Connected;
        _deadlineMs = nowMs + _helloMs;
        _echoRequestOutstanding = false;
        _output.DataFramesAllowed();
    }

    private void FailCryptoBinding(CryptoBindingResult result, long nowMs)
    {
        SstpCloseReason reason = result switch
        {
            CryptoBindingResult.FormatError => SstpCloseReason.CryptoBindingFormatError,
            CryptoBindingResult.HashProtocolNotOffered => SstpCloseReason.CryptoBindingHashProtocolNotOffered,
            CryptoBindingResult.NonceMismatch => SstpCloseReason.CryptoBindingNonceMismatch,
            CryptoBindingResult.CertificateHashMismatch => SstpCloseReason.CryptoBindingCertificateHashMismatch,
            _ => SstpCloseReason.CryptoBindingMacMismatch,
        };
        BeginAbort(nowMs, result.AbortAttribId(), result.AbortStatus(), reason);
    }

    private void OnEchoRequest(long nowMs)
    {
        bool answer = State == SstpServerState.Server_Call_Connected
            || (State == SstpServerState.Server_Call_Connected_Pending && _answerEchoBeforeCallConnected);
        if (!answer)
        {
            AbortUnlessTearingDown(nowMs, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED, SstpCloseReason.UnacceptedFrame);
            return;
        }

        Span<byte> packet = stackalloc byte[SstpControlWriter.BareMessageLength];
        Send(packet[..SstpControlWriter.WriteEchoResponse(packet)]);
    }

    /// <summary>In teardown states every unexpected control message is silently dropped (MS-SSTP §3.1.1.1).</summary>
    private void AbortUnlessTearingDown(long nowMs, SstpAttributeStatus status, SstpCloseReason reason)
    {
        if (!_teardown.InProgress)
        {
            BeginAbort(nowMs, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, status, reason);
        }
    }

    /// <summary>
    /// The peer's Call Abort / Call Disconnect / Call Disconnect Ack, and everything received during
    /// teardown, belong to <see cref="SstpTeardown"/> (MS-SSTP §3.1.1.1). True when it took the message.
    /// </summary>
    private bool OnTeardownMessage(SstpMessageType messageType, long nowMs)
    {
        if (_teardown.Answers(messageType))
        {
            // In Call_Disconnect_Ack_Pending both sides disconnected at once; ours stays the reason.
            EnterTeardown(messageType == SstpMessageType.SSTP_MSG_CALL_ABORT ? SstpCloseReason.PeerAbort : SstpCloseReason.PeerDisconnect);
        }

        SstpTeardownOutcome outcome = _teardown.OnControlMessage(messageType, nowMs);
        if (outcome == SstpTeardownOutcome.CleanUp)
        {
            CleanUp(CloseReason);
        }

        return outcome != SstpTeardownOutcome.NotHandled;
    }

    /// <summary>Call_Abort_In_Progress_1 with a Status Info saying why (MS-SSTP §3.1.5.1).</summary>
    private void BeginAbort(long nowMs, SstpAttributeId attribId, SstpAttributeStatus status, SstpCloseReason reason)
    {
        EnterTeardown(reason);
        _teardown.Abort(nowMs, attribId, status);
    }

    /// <summary>Before the first teardown message goes out: remember why and from where, stop Hello, forget secrets.</summary>
    private void EnterTeardown(SstpCloseReason reason)
    {
        if (InEstablishment)
        {
            TeardownFromState = State;
            CloseReason = reason;
        }

        _echoRequestOutstanding = false;
        WipeSecrets();
    }

    private void CleanUp(SstpCloseReason reason)
    {
        if (InEstablishment)
        {
            TeardownFromState = State;
        }

        CloseReason = reason;
        _teardown.Close();
        _callState = SstpServerState.Server_Call_Disconnected;
        IsClosed = true;
        _deadlineMs = NoDeadline;
        WipeSecrets();
        _output.CloseConnection(reason);
    }

    private void WipeSecrets()
    {
        CryptographicOperations.ZeroMemory(_nonce);
        CryptographicOperations.ZeroMemory(_hlak);
        CryptographicOperations.ZeroMemory(_queuedCallConnected);
        _hlak = null;
        _queuedCallConnected = null;
    }

    private void Send(ReadOnlySpan<byte> packet) => _output.SendControlPacket(packet);
}
