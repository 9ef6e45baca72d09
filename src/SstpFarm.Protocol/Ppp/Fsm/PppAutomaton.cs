using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>
/// The option negotiation automaton of RFC 1661 §4, shared by LCP, IPCP and IPV6CP. It owns the
/// state, the restart timer and counters, Identifiers and the Configure-Request/Ack/Nak/Reject
/// bookkeeping; a derived protocol supplies its options through the protected hooks.
/// </summary>
/// <remarks>
/// Not thread-safe: the session's owner loop calls every entry point. Time is passed in
/// (<c>nowMs</c>, monotonic milliseconds); <see cref="NextDeadlineMs"/> says when to call
/// <see cref="Tick"/> next. Cells the RFC marks '-' ("cannot happen") are ignored: no action, no
/// state change. Received packets in Initial/Starting are discarded (the lower layer is down).
/// </remarks>
public abstract class PppAutomaton
{
    /// <summary><see cref="NextDeadlineMs"/> when no timer runs.</summary>
    public const long NoDeadline = long.MaxValue;

    /// <summary>Room for our own Configure-Request options; real requests use a few dozen bytes.</summary>
    protected const int MaxRequestOptionsLength = 255;

    // The largest packet we build on the stack (a frame can not exceed the SSTP limit of 4095).
    private const int MaxPacketLength = 4096;

    // Spare room in a Configure-Nak for options longer than the ones they answer or added ones.
    private const int NakGrowth = 256;

    private readonly IPppOutput _output;
    private readonly PppAutomatonOptions _options;
    private readonly IPppLayerEvents? _events;
    private readonly byte[] _request = new byte[MaxRequestOptionsLength];
    private int _requestLength;
    private byte _requestId;
    private bool _requestOutstanding;
    private byte _lastIdentifier;
    private int _restartCounter;
    private int _failureCount;
    private long _deadline = NoDeadline;

    protected PppAutomaton(ushort protocol, IPppOutput output, PppAutomatonOptions? options, IPppLayerEvents? events)
    {
        ArgumentNullException.ThrowIfNull(output);
        Protocol = protocol;
        _output = output;
        _options = options ?? PppAutomatonOptions.Default;
        _events = events;
    }

    public ushort Protocol { get; }

    public PppState State { get; private set; }

    /// <summary>When <see cref="Tick"/> must next be called; <see cref="NoDeadline"/> if nothing is pending.</summary>
    public virtual long NextDeadlineMs => _deadline;

    /// <summary>
    /// The peer's MRU (RFC 1661 §6.1): packets we build from received data (Code-Reject,
    /// Echo-Reply, Protocol-Reject) are truncated to it. The session copies LCP's value to NCPs.
    /// </summary>
    public int PeerMru { get; set; } = 1500;

    /// <summary>Restart counter (RFC 1661 §4.6), exposed for diagnostics and tests.</summary>
    public int RestartCounter => _restartCounter;

    /// <summary>Time of the last entry-point call, for hooks that must act on their own.</summary>
    protected long NowMs { get; private set; }

    /// <summary>Identifier of the last Configure-Request sent.</summary>
    internal byte RequestIdentifier => _requestId;

    /// <summary>Test hook: every action executed, in order.</summary>
    internal Action<PppAction>? ActionTrace { get; set; }

    /// <summary>Up: the lower layer is ready (RFC 1661 §4.3).</summary>
    public void Up(long nowMs)
    {
        NowMs = nowMs;
        Dispatch(PppEvent.Up, default, default);
    }

    /// <summary>Down: the lower layer is gone (RFC 1661 §4.3).</summary>
    public void Down(long nowMs)
    {
        NowMs = nowMs;
        Dispatch(PppEvent.Down, default, default);
    }

    /// <summary>Open: administratively allow the link (RFC 1661 §4.3).</summary>
    public void Open(long nowMs)
    {
        NowMs = nowMs;
        Dispatch(PppEvent.Open, default, default);
    }

    /// <summary>Close: administratively close the link (RFC 1661 §4.3).</summary>
    public void Close(long nowMs)
    {
        NowMs = nowMs;
        Dispatch(PppEvent.Close, default, default);
    }

    /// <summary>
    /// The peer sent an LCP Protocol-Reject for this protocol (RFC 1661 §5.7): stop sending it.
    /// Handled as RXJ− here (LCP itself treats it as RXJ+ and stays up).
    /// </summary>
    public void ProtocolRejected(long nowMs)
    {
        NowMs = nowMs;
        Dispatch(PppEvent.RXJMinus, default, default);
    }

    /// <summary>Test hook: raises an event without a packet (for cells no packet can reach).</summary>
    internal void Inject(PppEvent ev) => Dispatch(ev, default, default);

    /// <summary>Fires TO+ / TO− when the restart timer expired, then runs protocol timers.</summary>
    public void Tick(long nowMs)
    {
        NowMs = nowMs;
        if (_deadline != NoDeadline && nowMs >= _deadline)
        {
            _deadline = NoDeadline;
            Dispatch(_restartCounter > 0 ? PppEvent.TOPlus : PppEvent.TOMinus, default, default);
        }

        OnTick(nowMs);
    }

    /// <summary>
    /// Handles one received packet (the Information field of a frame of <see cref="Protocol"/>).
    /// Malformed packets and replies that do not match the outstanding request are discarded.
    /// </summary>
    public void Receive(ReadOnlySpan<byte> information, long nowMs) // RFC 1661 §5
    {
        NowMs = nowMs;
        if (PppControlPacket.TryParse(information, out PppControlPacket packet) != OperationStatus.Done
            || State is PppState.Initial or PppState.Starting)
        {
            return;
        }

        switch ((PppCode)packet.Code)
        {
            case PppCode.ConfigureRequest:
                ReceiveConfigureRequest(packet);
                break;
            case PppCode.ConfigureAck:
                ReceiveConfigureAck(packet);
                break;
            case PppCode.ConfigureNak:
            case PppCode.ConfigureReject:
                ReceiveConfigureNakOrReject(packet);
                break;
            case PppCode.TerminateRequest:
                Dispatch(PppEvent.RTR, packet, default);
                break;
            case PppCode.TerminateAck:
                Dispatch(PppEvent.RTA, packet, default);
                break;
            case PppCode.CodeReject:
                if (!packet.Data.IsEmpty)
                {
                    Dispatch(IsCatastrophicCodeReject(packet.Data[0]) ? PppEvent.RXJMinus : PppEvent.RXJPlus, packet, default);
                }

                break;
            default:
                ReceiveExtendedCode(packet);
                break;
        }
    }

    // ---- hooks for the concrete protocol -------------------------------------------------------

    /// <summary>Writes our Configure-Request options (RFC 1661 §5.1); returns their length.</summary>
    protected abstract int WriteRequestOptions(Span<byte> destination);

    /// <summary>Called before the options of a received Configure-Request are judged.</summary>
    protected virtual void BeginConfigureRequest()
    {
    }

    /// <summary>
    /// Judges one option of the peer's Configure-Request. For Nak, write the suggested option
    /// Data (without Type/Length) into <paramref name="nakData"/> and set its length.
    /// </summary>
    protected abstract OptionVerdict JudgeOption(in PppOption option, Span<byte> nakData, out int nakDataLength);

    /// <summary>
    /// After all options were judged without a Reject: append whole options (Type, Length, Data)
    /// the peer should add to its request; they make the answer a Configure-Nak. Not called
    /// once Max-Failure was reached.
    /// </summary>
    protected virtual int AppendDesiredOptions(Span<byte> destination) => 0;

    /// <summary>We are about to Ack the peer's request: forget what the previous one set.</summary>
    protected virtual void ResetPeerOptions()
    {
    }

    /// <summary>Records one option of a peer request we Ack (called after <see cref="ResetPeerOptions"/>).</summary>
    protected virtual void ApplyPeerOption(in PppOption option)
    {
    }

    /// <summary>The peer Acked our request (its options equal what we sent).</summary>
    protected virtual void OnRequestAcknowledged(ReadOnlySpan<byte> options)
    {
    }

    /// <summary>Adjusts our wishes after a Configure-Nak; false = the Nak is invalid, discard it.</summary>
    protected virtual bool OnConfigureNak(ReadOnlySpan<byte> options) => true;

    /// <summary>Adjusts our wishes after a Configure-Reject; false = the Reject is invalid, discard it.</summary>
    protected virtual bool OnConfigureReject(ReadOnlySpan<byte> options) => true;

    /// <summary>Classifies a Code other than 1-7. The base knows none (RUC).</summary>
    protected virtual ExtendedCodeResult ClassifyExtendedCode(in PppControlPacket packet) => ExtendedCodeResult.Unknown;

    /// <summary>ser: answer an RXR packet in Opened (LCP answers Echo-Requests).</summary>
    protected virtual void SendEchoReply(in PppControlPacket received)
    {
    }

    /// <summary>A Code-Reject of one of the codes 1-7 is fatal (RXJ−, RFC 1661 §4.3).</summary>
    protected virtual bool IsCatastrophicCodeReject(byte rejectedCode) => rejectedCode is >= 1 and <= 7;

    /// <summary>Runs after the restart timer check on every <see cref="Tick"/>.</summary>
    protected virtual void OnTick(long nowMs)
    {
    }

    protected virtual void OnLayerUp()
    {
    }

    protected virtual void OnLayerDown()
    {
    }

    protected virtual void OnLayerStarted()
    {
    }

    protected virtual void OnLayerFinished()
    {
    }

    // ---- helpers for the concrete protocol ----------------------------------------------------

    /// <summary>A fresh Identifier for a packet we originate.</summary>
    protected byte NextIdentifier() => ++_lastIdentifier;

    /// <summary>Sends Code, Identifier, Length and <paramref name="data"/> (truncated to <see cref="PeerMru"/>).</summary>
    protected void SendPacket(PppCode code, byte identifier, ReadOnlySpan<byte> data)
    {
        int length = Math.Min(PppControlPacket.HeaderLength + data.Length, Math.Min(PeerMru, MaxPacketLength));
        Span<byte> packet = stackalloc byte[MaxPacketLength];
        PppControlPacket.Write(packet, (byte)code, identifier, data[..(length - PppControlPacket.HeaderLength)]);
        _output.Send(Protocol, packet[..length]);
    }

    // ---- received packets -> events ------------------------------------------------------------

    private void ReceiveConfigureRequest(in PppControlPacket packet) // RFC 1661 §5.1
    {
        if (PppOptionReader.Validate(packet.Data) != OperationStatus.Done)
        {
            return;
        }

        // In these states every request gets the same answer; judging would only cause side effects.
        if (State is PppState.Closed or PppState.Closing or PppState.Stopping)
        {
            Dispatch(PppEvent.RCRPlus, packet, default);
            return;
        }

        int capacity = Math.Min(PppControlPacket.HeaderLength + packet.Data.Length + NakGrowth, MaxPacketLength);
        Span<byte> response = stackalloc byte[capacity];
        Span<byte> naks = stackalloc byte[capacity];
        Span<byte> nakData = stackalloc byte[byte.MaxValue];
        int rejectLength = 0;
        int nakLength = 0;
        bool naksAllowed = _failureCount < _options.MaxFailure;
        Span<byte> rejects = response[PppControlPacket.HeaderLength..];

        BeginConfigureRequest();
        var reader = new PppOptionReader(packet.Data);
        while (reader.MoveNext())
        {
            PppOption option = reader.Current;
            OptionVerdict verdict = JudgeOption(option, nakData[..(byte.MaxValue - PppOption.HeaderLength)], out int dataLength);
            if (verdict == OptionVerdict.Nak && (!naksAllowed || nakLength + PppOption.HeaderLength + dataLength > naks.Length))
            {
                verdict = OptionVerdict.Reject; // RFC 1661 §4.6 Max-Failure
            }

            if (verdict == OptionVerdict.Reject)
            {
                option.Raw.CopyTo(rejects[rejectLength..]);
                rejectLength += option.Raw.Length;
            }
            else if (verdict == OptionVerdict.Nak)
            {
                nakLength += PppOption.Write(naks[nakLength..], option.Type, nakData[..dataLength]);
            }
        }

        if (rejectLength == 0 && naksAllowed)
        {
            nakLength += AppendDesiredOptions(naks[nakLength..]);
        }

        PppCode code;
        int dataLengthOut;
        if (rejectLength > 0)
        {
            code = PppCode.ConfigureReject;
            dataLengthOut = rejectLength;
        }
        else if (nakLength > 0)
        {
            code = PppCode.ConfigureNak;
            naks[..nakLength].CopyTo(response[PppControlPacket.HeaderLength..]);
            dataLengthOut = nakLength;
        }
        else
        {
            code = PppCode.ConfigureAck;
            packet.Data.CopyTo(response[PppControlPacket.HeaderLength..]);
            dataLengthOut = packet.Data.Length;
        }

        PppControlPacket.WriteHeader(response, (byte)code, packet.Identifier, dataLengthOut);
        response = response[..(PppControlPacket.HeaderLength + dataLengthOut)];
        Dispatch(code == PppCode.ConfigureAck ? PppEvent.RCRPlus : PppEvent.RCRMinus, packet, response);
    }

    private bool IsReplyToOutstandingRequest(byte identifier) => _requestOutstanding && identifier == _requestId; // RFC 1661 §5.2-§5.4

    private void ReceiveConfigureAck(in PppControlPacket packet) // RFC 1661 §5.2
    {
        // An Ack must repeat our options exactly; a second reply to the same request is stale.
        if (!IsReplyToOutstandingRequest(packet.Identifier) || !packet.Data.SequenceEqual(_request.AsSpan(0, _requestLength)))
        {
            return;
        }

        _requestOutstanding = false;

        // Only in Req-Sent and Ack-Sent does RCA take our options into effect (→ Ack-Rcvd / Opened).
        // Apply them before dispatching: in Ack-Sent the same event runs tlu, and whoever reacts to
        // this-layer-up (e.g. starting the negotiated authentication) must already see them.
        if (State is PppState.ReqSent or PppState.AckSent)
        {
            OnRequestAcknowledged(packet.Data);
        }

        Dispatch(PppEvent.RCA, packet, default);
    }

    private void ReceiveConfigureNakOrReject(in PppControlPacket packet) // RFC 1661 §5.3, §5.4
    {
        if (!IsReplyToOutstandingRequest(packet.Identifier) || PppOptionReader.Validate(packet.Data) != OperationStatus.Done)
        {
            return;
        }

        bool valid = packet.Code == (byte)PppCode.ConfigureNak ? OnConfigureNak(packet.Data) : OnConfigureReject(packet.Data);
        if (!valid)
        {
            return;
        }

        _requestOutstanding = false;
        Dispatch(PppEvent.RCN, packet, default);
    }

    private void ReceiveExtendedCode(in PppControlPacket packet)
    {
        switch (ClassifyExtendedCode(packet))
        {
            case ExtendedCodeResult.Unknown:
                Dispatch(PppEvent.RUC, packet, default);
                break;
            case ExtendedCodeResult.RXR:
                Dispatch(PppEvent.RXR, packet, default);
                break;
            case ExtendedCodeResult.RXJPlus:
                Dispatch(PppEvent.RXJPlus, packet, default);
                break;
            case ExtendedCodeResult.RXJMinus:
                Dispatch(PppEvent.RXJMinus, packet, default);
                break;
            default:
                break;
        }
    }

    // ---- the transition table (RFC 1661 §4.1) ---------------------------------------------------

    private void Dispatch(PppEvent ev, in PppControlPacket packet, ReadOnlySpan<byte> response)
    {
        PppState s = State;
        switch (ev)
        {
            case PppEvent.Up:
                if (s == PppState.Initial)
                {
                    SetState(PppState.Closed);
                }
                else if (s == PppState.Starting)
                {
                    Irc(PppState.ReqSent);
                    Scr(retransmit: false);
                    SetState(PppState.ReqSent);
                }

                break;

            case PppEvent.Down:
                switch (s)
                {
                    case PppState.Closed or PppState.Closing:
                        SetState(PppState.Initial);
                        break;
                    case PppState.Stopped:
                        Tls();
                        SetState(PppState.Starting);
                        break;
                    case PppState.Stopping or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent:
                        SetState(PppState.Starting);
                        break;
                    case PppState.Opened:
                        Tld();
                        SetState(PppState.Starting);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.Open:
                // 'r' (restart) in Stopped, Stopping and Opened is not taken: the state is kept.
                if (s == PppState.Initial)
                {
                    Tls();
                    SetState(PppState.Starting);
                }
                else if (s == PppState.Closed)
                {
                    Irc(PppState.ReqSent);
                    Scr(retransmit: false);
                    SetState(PppState.ReqSent);
                }
                else if (s == PppState.Closing)
                {
                    SetState(PppState.Stopping);
                }

                break;

            case PppEvent.Close:
                switch (s)
                {
                    case PppState.Starting:
                        Tlf();
                        SetState(PppState.Initial);
                        break;
                    case PppState.Stopped:
                        SetState(PppState.Closed);
                        break;
                    case PppState.Stopping:
                        SetState(PppState.Closing);
                        break;
                    case PppState.ReqSent or PppState.AckRcvd or PppState.AckSent:
                        Irc(PppState.Closing);
                        Str();
                        SetState(PppState.Closing);
                        break;
                    case PppState.Opened:
                        Tld();
                        Irc(PppState.Closing);
                        Str();
                        SetState(PppState.Closing);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.TOPlus:
                switch (s)
                {
                    case PppState.Closing or PppState.Stopping:
                        Str();
                        break;
                    case PppState.ReqSent or PppState.AckRcvd:
                        Scr(retransmit: true);
                        SetState(PppState.ReqSent);
                        break;
                    case PppState.AckSent:
                        Scr(retransmit: true);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.TOMinus:
                switch (s)
                {
                    case PppState.Closing:
                        Tlf();
                        SetState(PppState.Closed);
                        break;
                    case PppState.Stopping or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent:
                        // 'p' (passive): wait in Stopped for the peer.
                        Tlf();
                        SetState(PppState.Stopped);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.RCRPlus:
            case PppEvent.RCRMinus:
                ReceiveConfigureRequestEvent(ev == PppEvent.RCRPlus, s, packet, response);
                break;

            case PppEvent.RCA:
                switch (s)
                {
                    case PppState.Closed or PppState.Stopped:
                        Sta(packet);
                        break;
                    case PppState.ReqSent:
                        Irc(PppState.AckRcvd);
                        SetState(PppState.AckRcvd);
                        break;
                    case PppState.AckRcvd:
                        Scr(retransmit: false); // 'x' crossed connection
                        SetState(PppState.ReqSent);
                        break;
                    case PppState.AckSent:
                        Irc(PppState.Opened);
                        SetState(PppState.Opened);
                        Tlu();
                        break;
                    case PppState.Opened:
                        Tld();
                        Scr(retransmit: false);
                        SetState(PppState.ReqSent);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.RCN:
                switch (s)
                {
                    case PppState.Closed or PppState.Stopped:
                        Sta(packet);
                        break;
                    case PppState.ReqSent or PppState.AckSent:
                        Irc(s);
                        Scr(retransmit: false);
                        break;
                    case PppState.AckRcvd:
                        Scr(retransmit: false);
                        SetState(PppState.ReqSent);
                        break;
                    case PppState.Opened:
                        Tld();
                        Scr(retransmit: false);
                        SetState(PppState.ReqSent);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.RTR:
                switch (s)
                {
                    case PppState.Closed or PppState.Stopped or PppState.Closing or PppState.Stopping or PppState.ReqSent:
                        Sta(packet);
                        break;
                    case PppState.AckRcvd or PppState.AckSent:
                        Sta(packet);
                        SetState(PppState.ReqSent);
                        break;
                    case PppState.Opened:
                        Tld();
                        Zrc();
                        Sta(packet);
                        SetState(PppState.Stopping);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.RTA:
                switch (s)
                {
                    case PppState.Closing:
                        Tlf();
                        SetState(PppState.Closed);
                        break;
                    case PppState.Stopping:
                        Tlf();
                        SetState(PppState.Stopped);
                        break;
                    case PppState.AckRcvd:
                        SetState(PppState.ReqSent);
                        break;
                    case PppState.Opened:
                        Tld();
                        Scr(retransmit: false);
                        SetState(PppState.ReqSent);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.RUC:
                if (s >= PppState.Closed)
                {
                    Scj(packet);
                }

                break;

            case PppEvent.RXJPlus:
                if (s == PppState.AckRcvd)
                {
                    SetState(PppState.ReqSent);
                }

                break;

            case PppEvent.RXJMinus:
                switch (s)
                {
                    case PppState.Closed or PppState.Closing:
                        Tlf();
                        SetState(PppState.Closed);
                        break;
                    case PppState.Stopped or PppState.Stopping or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent:
                        Tlf();
                        SetState(PppState.Stopped);
                        break;
                    case PppState.Opened:
                        Tld();
                        Irc(PppState.Stopping);
                        Str();
                        SetState(PppState.Stopping);
                        break;
                    default:
                        break;
                }

                break;

            case PppEvent.RXR:
                if (s == PppState.Opened)
                {
                    Ser(packet);
                }

                break;

            default:
                break;
        }
    }

    private void ReceiveConfigureRequestEvent(bool good, PppState s, in PppControlPacket packet, ReadOnlySpan<byte> response)
    {
        switch (s)
        {
            case PppState.Closed:
                Sta(packet);
                break;
            case PppState.Stopped:
                Irc(PppState.ReqSent);
                Scr(retransmit: false);
                SendResponse(good, packet, response);
                SetState(good ? PppState.AckSent : PppState.ReqSent);
                break;
            case PppState.ReqSent or PppState.AckSent:
                SendResponse(good, packet, response);
                SetState(good ? PppState.AckSent : PppState.ReqSent);
                break;
            case PppState.AckRcvd:
                SendResponse(good, packet, response);
                if (good)
                {
                    SetState(PppState.Opened);
                    Tlu();
                }

                break;
            case PppState.Opened:
                Tld();
                Scr(retransmit: false);
                SendResponse(good, packet, response);
                SetState(good ? PppState.AckSent : PppState.ReqSent);
                break;
            default:
                break; // Closing, Stopping: no answer
        }
    }

    // ---- actions (RFC 1661 §4.4) ------------------------------------------------------------------

    private void SetState(PppState next)
    {
        State = next;
        if (next is not (PppState.Closing or PppState.Stopping or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent))
        {
            _deadline = NoDeadline; // RFC 1661 §4.6: the timer runs only in these states
        }
    }

    private void Trace(PppAction action) => ActionTrace?.Invoke(action);

    private void StartTimer() => _deadline = NowMs + _options.RestartTimerMs;

    private void Tlu()
    {
        Trace(PppAction.Tlu);
        OnLayerUp();
        _events?.LayerUp(Protocol);
    }

    private void Tld()
    {
        Trace(PppAction.Tld);
        OnLayerDown();
        _events?.LayerDown(Protocol);
    }

    private void Tls()
    {
        Trace(PppAction.Tls);
        OnLayerStarted();
        _events?.LayerStarted(Protocol);
    }

    private void Tlf()
    {
        Trace(PppAction.Tlf);
        OnLayerFinished();
        _events?.LayerFinished(Protocol);
    }

    // The counter's start value depends on what is being retried: terminating or configuring.
    private void Irc(PppState next)
    {
        Trace(PppAction.Irc);
        _restartCounter = next is PppState.Closing or PppState.Stopping ? _options.MaxTerminate : _options.MaxConfigure;
        if (next is PppState.ReqSent && State is not (PppState.ReqSent or PppState.AckRcvd or PppState.AckSent))
        {
            _failureCount = 0; // a new negotiation starts
        }
    }

    private void Zrc()
    {
        Trace(PppAction.Zrc);
        _restartCounter = 0;
        StartTimer(); // RFC 1661 §4.4: one timeout to let the peer see the Terminate-Ack
    }

    private void Scr(bool retransmit)
    {
        Trace(PppAction.Scr);

        // RFC 1661 §5.1: a retransmission may keep its Identifier; anything else gets a new one.
        if (!retransmit || !_requestOutstanding)
        {
            _requestLength = WriteRequestOptions(_request);
            _requestId = NextIdentifier();
            _requestOutstanding = true;
        }

        SendPacket(PppCode.ConfigureRequest, _requestId, _request.AsSpan(0, _requestLength));
        _restartCounter = Math.Max(0, _restartCounter - 1);
        StartTimer();
    }

    private void SendResponse(bool ack, in PppControlPacket request, ReadOnlySpan<byte> response)
    {
        if (ack)
        {
            Trace(PppAction.Sca);
            _failureCount = 0;
            ResetPeerOptions();
            var reader = new PppOptionReader(request.Data);
            while (reader.MoveNext())
            {
                ApplyPeerOption(reader.Current);
            }
        }
        else
        {
            Trace(PppAction.Scn);
            if (!response.IsEmpty && response[0] == (byte)PppCode.ConfigureNak)
            {
                _failureCount++;
            }
        }

        if (!response.IsEmpty)
        {
            _output.Send(Protocol, response);
        }
    }

    private void Str()
    {
        Trace(PppAction.Str);
        SendPacket(PppCode.TerminateRequest, NextIdentifier(), default);
        _restartCounter = Math.Max(0, _restartCounter - 1);
        StartTimer();
    }

    private void Sta(in PppControlPacket received)
    {
        Trace(PppAction.Sta);
        SendPacket(PppCode.TerminateAck, received.Identifier, default);
    }

    private void Scj(in PppControlPacket received) // RFC 1661 §5.6: data = the rejected packet
    {
        Trace(PppAction.Scj);
        Span<byte> rejected = stackalloc byte[MaxPacketLength];
        int length = PppControlPacket.Write(rejected, received.Code, received.Identifier, received.Data[..Math.Min(received.Data.Length, MaxPacketLength - PppControlPacket.HeaderLength)]);
        SendPacket(PppCode.CodeReject, NextIdentifier(), rejected[..length]);
    }

    private void Ser(in PppControlPacket received)
    {
        Trace(PppAction.Ser);
        SendEchoReply(received);
    }

    /// <summary>Reads a big-endian 32-bit option value (helper for derived protocols).</summary>
    protected static uint ReadUInt32(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt32BigEndian(data);
}
