using System.Buffers.Binary;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>
/// The Link Control Protocol (RFC 1661 §5-§6, RFC 1570): the generic automaton plus one handler
/// per option, Echo/Discard/Protocol-Reject handling and an optional echo keepalive.
/// </summary>
public sealed class LcpProtocol : PppAutomaton
{
    private const int MagicLength = 4;

    private readonly LcpOptions _options;
    private readonly ILcpEvents? _events;
    private readonly MruOptionHandler _mru;
    private readonly AuthProtocolOptionHandler _auth;
    private readonly MagicNumberOptionHandler _magic;
    private readonly AckedOptionHandler _accm = new(LcpOptionType.AsyncControlCharacterMap, 4, 4);
    private readonly AckedOptionHandler _pfc = new(LcpOptionType.ProtocolFieldCompression, 0, 0);
    private readonly AckedOptionHandler _acfc = new(LcpOptionType.AddressAndControlFieldCompression, 0, 0);
    private readonly AckedOptionHandler _endpoint = new(LcpOptionType.EndpointDiscriminator, 1, 253);
    private readonly LcpOptionHandler[] _requestOrder;
    private long _nextEchoMs = NoDeadline;
    private int _echoesUnanswered;

    public LcpProtocol(IPppOutput output, IRandomSource random, LcpOptions? options = null, ILcpEvents? events = null)
        : base(PppProtocol.Lcp, output, options?.Automaton, events)
    {
        ArgumentNullException.ThrowIfNull(random);
        _options = options ?? new LcpOptions();
        _events = events;
        _mru = new MruOptionHandler(_options, mru => PeerMru = mru);
        _auth = new AuthProtocolOptionHandler(_options, () =>
        {
            AuthenticationRefused = true;
            Close(NowMs);
        });
        _magic = new MagicNumberOptionHandler(random, _options.RequestMagicNumber);
        _requestOrder = [_mru, _auth, _magic];
    }

    /// <summary>Server: the method the client acknowledged. Client: the method the server asked for and we acknowledged.</summary>
    public LcpAuthMethod AuthMethod => _auth.Negotiated;

    /// <summary>The server refused-by-peer case: no allowed method was accepted while authentication is required.</summary>
    public bool AuthenticationRefused { get; private set; }

    /// <summary>Our Magic-Number as acknowledged by the peer; 0 when not negotiated.</summary>
    public uint LocalMagic => _magic.Local;

    /// <summary>The peer's acknowledged Magic-Number; 0 when absent.</summary>
    public uint PeerMagic => _magic.Peer;

    /// <summary>The peer may receive compressed protocol fields (we never send them, interop #25).</summary>
    public bool PeerAcceptsPfc => _pfc.PeerRequested;

    /// <summary>The peer may receive frames without FF 03 (we never send them, interop #23).</summary>
    public bool PeerAcceptsAcfc => _acfc.PeerRequested;

    /// <summary>The keepalive gave up (see <see cref="LcpOptions.EchoFailureLimit"/>).</summary>
    public bool KeepaliveExpired { get; private set; }

    public override long NextDeadlineMs => Math.Min(base.NextDeadlineMs, _nextEchoMs);

    /// <summary>
    /// Protocol-Rejects a received frame of an unsupported protocol (RFC 1661 §5.7): only while
    /// Opened (false otherwise: discard the frame), each with a new Identifier, truncated to the
    /// peer's MRU.
    /// </summary>
    public bool SendProtocolReject(ushort protocol, ReadOnlySpan<byte> information)
    {
        if (State != PppState.Opened)
        {
            return false;
        }

        Span<byte> data = stackalloc byte[Math.Min(PeerMru, _options.MaxPeerMru)];
        int length = WriteProtocolRejectData(data, protocol, information);
        SendPacket(PppCode.ProtocolReject, NextIdentifier(), data[..length]);
        return true;
    }

    /// <summary>
    /// Writes Rejected-Protocol and as much of the Rejected-Information as fits (RFC 1661 §5.7);
    /// returns the length.
    /// </summary>
    public static int WriteProtocolRejectData(Span<byte> destination, ushort protocol, ReadOnlySpan<byte> information)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, protocol);
        int copied = Math.Min(information.Length, destination.Length - 2);
        information[..copied].CopyTo(destination[2..]);
        return 2 + copied;
    }

    /// <summary>Any frame from the peer proves the link alive: resets the keepalive count.</summary>
    public void NotifyPeerActivity() => _echoesUnanswered = 0;

    protected override int WriteRequestOptions(Span<byte> destination)
    {
        int written = 0;
        foreach (LcpOptionHandler handler in _requestOrder)
        {
            written += handler.WriteRequest(destination[written..]);
        }

        return written;
    }

    protected override OptionVerdict JudgeOption(in PppOption option, Span<byte> nakData, out int nakDataLength)
    {
        LcpOptionHandler? handler = Find(option.Type);
        if (handler is null)
        {
            // Quality-Protocol, Callback, MRRU, SSNHF and anything unknown (ppp.md §3).
            nakDataLength = 0;
            return OptionVerdict.Reject;
        }

        return handler.Judge(option.Data, nakData, out nakDataLength);
    }

    protected override void ResetPeerOptions()
    {
        foreach (LcpOptionHandler handler in (ReadOnlySpan<LcpOptionHandler>)[_mru, _auth, _magic, _accm, _pfc, _acfc, _endpoint])
        {
            handler.ResetPeer();
        }
    }

    protected override void ApplyPeerOption(in PppOption option) => Find(option.Type)?.ApplyPeer(option.Data);

    protected override void OnRequestAcknowledged(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            Find(reader.Current.Type)?.OnAcked(reader.Current.Data);
        }
    }

    protected override bool OnConfigureNak(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            Find(reader.Current.Type)?.OnNaked(reader.Current.Data);
        }

        return true;
    }

    protected override bool OnConfigureReject(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            Find(reader.Current.Type)?.OnRejected();
        }

        return true;
    }

    protected override ExtendedCodeResult ClassifyExtendedCode(in PppControlPacket packet) // RFC 1661 §5.7-§5.9, RFC 1570 §2
    {
        switch ((PppCode)packet.Code)
        {
            case PppCode.ProtocolReject:
                if (State != PppState.Opened || packet.Data.Length < 2)
                {
                    return ExtendedCodeResult.Discard;
                }

                ushort rejected = BinaryPrimitives.ReadUInt16BigEndian(packet.Data);
                if (rejected == PppProtocol.Lcp)
                {
                    return ExtendedCodeResult.RXJMinus;
                }

                _events?.ProtocolRejected(rejected);
                return ExtendedCodeResult.RXJPlus;
            case PppCode.EchoReply:
                _echoesUnanswered = 0;
                return ExtendedCodeResult.RXR;
            case PppCode.EchoRequest:
            case PppCode.DiscardRequest:
                return ExtendedCodeResult.RXR;
            case PppCode.Identification:
            case PppCode.TimeRemaining:
                return ExtendedCodeResult.Discard; // RFC 1570 §2.1-§2.2: informational
            default:
                return ExtendedCodeResult.Unknown;
        }
    }

    // RFC 1661 §5.8: same Identifier, our magic, the data echoed back — cut to the peer's MRU (interop #29).
    protected override void SendEchoReply(in PppControlPacket received)
    {
        if (received.Code != (byte)PppCode.EchoRequest || received.Data.Length < MagicLength)
        {
            return; // Echo-Reply and Discard-Request are never answered
        }

        Span<byte> data = stackalloc byte[received.Data.Length];
        received.Data.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data, LocalMagic);
        SendPacket(PppCode.EchoReply, received.Identifier, data);
    }

    protected override void OnLayerUp()
    {
        _echoesUnanswered = 0;
        _nextEchoMs = _options.EchoIntervalMs > 0 ? NowMs + _options.EchoIntervalMs : NoDeadline;
    }

    protected override void OnLayerDown() => _nextEchoMs = NoDeadline;

    protected override void OnTick(long nowMs)
    {
        if (State != PppState.Opened || nowMs < _nextEchoMs)
        {
            return;
        }

        if (_echoesUnanswered >= _options.EchoFailureLimit)
        {
            _nextEchoMs = NoDeadline;
            KeepaliveExpired = true;
            _events?.KeepaliveFailed();
            Close(nowMs);
            return;
        }

        Span<byte> magic = stackalloc byte[MagicLength];
        BinaryPrimitives.WriteUInt32BigEndian(magic, LocalMagic);
        SendPacket(PppCode.EchoRequest, NextIdentifier(), magic);
        _echoesUnanswered++;
        _nextEchoMs = nowMs + _options.EchoIntervalMs;
    }

    private LcpOptionHandler? Find(byte type) => (LcpOptionType)type switch
    {
        LcpOptionType.MaximumReceiveUnit => _mru,
        LcpOptionType.AsyncControlCharacterMap => _accm,
        LcpOptionType.AuthenticationProtocol => _auth,
        LcpOptionType.MagicNumber => _magic,
        LcpOptionType.ProtocolFieldCompression => _pfc,
        LcpOptionType.AddressAndControlFieldCompression => _acfc,
        LcpOptionType.EndpointDiscriminator => _endpoint,
        _ => null,
    };
}
