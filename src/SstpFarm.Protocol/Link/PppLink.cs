using System.Net;
using System.Text;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Auth.Eap;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Auth.Pap;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Ipcp;
using SstpFarm.Protocol.Ppp.Ipv6cp;
using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Protocol.Link;

/// <summary>
/// One PPP link as RFC 1661 §3 phases it: LCP establishes it, one authentication method runs,
/// then IPCP (and IPV6CP) bring up the network layer. Routes every received control frame to the
/// protocol that owns it, discards NCP packets before the Network phase (§3.5), Protocol-Rejects
/// what nobody speaks (CCP and friends, §5.7) and reports the outcome to its host once.
/// </summary>
/// <remarks>
/// Not thread-safe: the session's owner loop calls every entry point. Data frames (IPv4/IPv6) do
/// not pass through here; the session forwards them itself when <see cref="IsNetworkProtocolOpen"/>.
/// </remarks>
public sealed class PppLink : IPppOutput, ILcpEvents, IAuthenticatorListener
{
    private readonly PppLinkOptions _options;
    private readonly LcpOptions _lcpOptions;
    private readonly IPppLinkHost _host;
    private readonly IRandomSource _random;
    private PppAuthExchange? _auth;
    private byte[]? _heldIpcp;
    private byte[]? _heldIpv6cp;
    private PppLinkCloseReason? _closeReason;
    private bool _lcpWasOpened;
    private bool _finished;
    private long _nowMs;

    public PppLink(PppLinkOptions options, IPppLinkHost host, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _lcpOptions = options.EffectiveLcp();
        _host = host;
        _random = random;
        Lcp = new LcpProtocol(this, random, _lcpOptions, this);
    }

    public PppLinkPhase Phase { get; private set; }

    public PppRole Role => _options.Role;

    public LcpProtocol Lcp { get; }

    /// <summary>Null before the Network phase.</summary>
    public IpcpProtocol? Ipcp { get; private set; }

    /// <summary>Null before the Network phase, or when IPv6 is disabled.</summary>
    public Ipv6cpProtocol? Ipv6cp { get; private set; }

    public AuthResult? AuthResult { get; private set; }

    /// <summary>Why the link ended; null while it lives.</summary>
    public PppLinkCloseReason? CloseReason => _finished ? _closeReason : null;

    /// <summary>The largest Information field we may send: the peer's MRU, capped by the SSTP frame limit (interop #43).</summary>
    public int PeerMru => Math.Min(Lcp.PeerMru, _lcpOptions.MaxPeerMru);

    /// <summary>When <see cref="Tick"/> next has work; <see cref="PppAutomaton.NoDeadline"/> when none.</summary>
    public long NextDeadlineMs
    {
        get
        {
            long next = Lcp.NextDeadlineMs;
            if (_auth is not null)
            {
                next = Math.Min(next, _auth.NextTimerMs);
            }

            if (Ipcp is not null)
            {
                next = Math.Min(next, Ipcp.NextDeadlineMs);
            }

            if (Ipv6cp is not null)
            {
                next = Math.Min(next, Ipv6cp.NextDeadlineMs);
            }

            return next;
        }
    }

    /// <summary>The lower layer is up and we want the link: LCP Up + Open (server: after Call Connect Ack; client: on the Ack).</summary>
    public void Start(long nowMs)
    {
        _nowMs = nowMs;
        if (Phase != PppLinkPhase.Dead || _finished)
        {
            return;
        }

        Phase = PppLinkPhase.Establish;
        Lcp.Up(nowMs);
        Lcp.Open(nowMs);
    }

    /// <summary>
    /// A received frame of a non-data protocol (RFC 1661 §2: LCP, authentication, NCPs, or a
    /// protocol we do not speak).
    /// </summary>
    public void Receive(ushort protocol, ReadOnlySpan<byte> information, long nowMs)
    {
        _nowMs = nowMs;
        if (_finished)
        {
            return;
        }

        Lcp.NotifyPeerActivity();
        switch (protocol)
        {
            case PppProtocol.Lcp:
                Lcp.Receive(information, nowMs);
                return;

            case PppProtocol.Pap or PppProtocol.Chap or PppProtocol.Eap:
                // RFC 1661 §3.5: only the negotiated method; anything else is silently discarded.
                if (_auth is not null && _auth.Protocol == protocol)
                {
                    _auth.Receive(information, nowMs);
                }

                return;

            case PppProtocol.Ipcp:
                ReceiveNcp(Ipcp, ref _heldIpcp, information, nowMs);
                return;

            case PppProtocol.Ipv6cp when _options.EnableIpv6:
                ReceiveNcp(Ipv6cp, ref _heldIpv6cp, information, nowMs);
                return;

            default:
                Lcp.SendProtocolReject(protocol, information); // only does something while LCP is Opened
                return;
        }
    }

    public void Tick(long nowMs)
    {
        _nowMs = nowMs;
        if (Lcp.NextDeadlineMs <= nowMs)
        {
            Lcp.Tick(nowMs);
        }

        if (_auth is not null && _auth.NextTimerMs <= nowMs)
        {
            _auth.OnTimer(nowMs);
        }

        if (Ipcp is not null && Ipcp.NextDeadlineMs <= nowMs)
        {
            Ipcp.Tick(nowMs);
        }

        if (Ipv6cp is not null && Ipv6cp.NextDeadlineMs <= nowMs)
        {
            Ipv6cp.Tick(nowMs);
        }
    }

    /// <summary>True when data frames of <paramref name="dataProtocol"/> (IPv4 or IPv6) may flow: its NCP is Opened.</summary>
    public bool IsNetworkProtocolOpen(ushort dataProtocol) => dataProtocol switch
    {
        PppProtocol.Ipv4 => Ipcp?.State == PppState.Opened,
        PppProtocol.Ipv6 => Ipv6cp?.State == PppState.Opened,
        _ => false,
    };

    /// <summary>Server: accepts when the peer proved knowledge of the password whose NT hash is given (PAP, MS-CHAPv2, EAP-MSCHAPv2).</summary>
    public void AcceptWithNtHash(AuthVerificationRequest request, ReadOnlySpan<byte> ntHash, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        _nowMs = nowMs;
        switch (_auth, request)
        {
            case (PapAuthenticator pap, PapVerificationRequest papRequest):
                pap.CompleteWithNtHash(papRequest, ntHash, nowMs);
                break;
            case (IMsChapV2Authenticator mschap, MsChapV2VerificationRequest mschapRequest):
                mschap.CompleteWithNtHash(mschapRequest, ntHash, nowMs);
                break;
            default:
                // CHAP-MD5 cannot be checked against a hash (ppp.md §7): it needs the reversible secret.
                RejectVerification(request, nowMs);
                break;
        }
    }

    /// <summary>Server: accepts when the peer proved knowledge of <paramref name="secret"/> (UTF-8 password); any method.</summary>
    public void AcceptWithSecret(AuthVerificationRequest request, ReadOnlySpan<byte> secret, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        _nowMs = nowMs;
        if (_auth is ChapMd5Authenticator md5 && request is ChapMd5VerificationRequest md5Request)
        {
            md5.CompleteWithSecret(md5Request, secret, nowMs);
            return;
        }

        Span<char> password = stackalloc char[Encoding.UTF8.GetMaxCharCount(secret.Length)];
        int chars = Encoding.UTF8.GetChars(secret, password);
        Span<byte> ntHash = stackalloc byte[16];
        NtHash.Compute(password[..chars], ntHash);
        password.Clear();
        AcceptWithNtHash(request, ntHash, nowMs);
    }

    /// <summary>Server: the credentials are wrong or the user is unknown (answered the same way).</summary>
    public void RejectVerification(AuthVerificationRequest request, long nowMs)
    {
        _nowMs = nowMs;
        (_auth as PppAuthenticator)?.Reject(request, nowMs);
    }

    /// <summary>
    /// Server: authentication succeeded and the host has the addresses; starts IPCP (and IPV6CP).
    /// Ignored unless authentication succeeded and no NCP runs yet.
    /// </summary>
    public void BeginNetworkPhase(IPAddress serverAddress, IPAddress peerAddress, IPAddress? primaryDns, IPAddress? secondaryDns, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(serverAddress);
        ArgumentNullException.ThrowIfNull(peerAddress);
        _nowMs = nowMs;
        if (_options.Role != PppRole.Server || Phase != PppLinkPhase.Network || Ipcp is not null || _finished)
        {
            return;
        }

        StartNcps(new IpcpOptions
        {
            Role = PppRole.Server,
            LocalAddress = serverAddress,
            PeerAddress = peerAddress,
            PrimaryDns = primaryDns,
            SecondaryDns = secondaryDns,
            Automaton = _options.Ncp,
        }, nowMs);
    }

    /// <summary>Hang up: LCP Terminate-Request; <see cref="IPppLinkHost.OnLinkFinished"/> follows with <see cref="PppLinkCloseReason.LocalClose"/>.</summary>
    public void Close(long nowMs)
    {
        _nowMs = nowMs;
        _closeReason ??= PppLinkCloseReason.LocalClose;
        Lcp.Close(nowMs);
        if (Lcp.State is PppState.Initial or PppState.Starting or PppState.Closed)
        {
            Finish(); // nothing to terminate: LCP never got going
        }
    }

    /// <summary>The transport is gone: every protocol goes Down at once.</summary>
    public void LowerLayerDown(long nowMs)
    {
        _nowMs = nowMs;
        _closeReason ??= PppLinkCloseReason.LowerLayerDown;
        Ipv6cp?.Down(nowMs);
        Ipcp?.Down(nowMs);
        Lcp.Down(nowMs);
        Finish();
    }

    private void ReceiveNcp(PppAutomaton? ncp, ref byte[]? held, ReadOnlySpan<byte> information, long nowMs)
    {
        if (ncp is not null)
        {
            ncp.Receive(information, nowMs);
        }
        else if (Phase == PppLinkPhase.Network)
        {
            // Authenticated, but the host is still allocating the address (a control-plane round
            // trip). Keep the peer's latest request and answer it as soon as the NCP starts, rather
            // than make the peer wait a whole restart timer (3 s) to retransmit it.
            held = information.ToArray();
        }

        // Before the Network phase: discarded (RFC 1661 §3.5), the peer retransmits.
    }

    private void StartNcps(IpcpOptions ipcpOptions, long nowMs)
    {
        int mru = PeerMru;
        Ipcp = new IpcpProtocol(this, ipcpOptions, this) { PeerMru = mru };
        if (_options.EnableIpv6)
        {
            Ipv6cp = new Ipv6cpProtocol(this, _random, new Ipv6cpOptions { Automaton = _options.Ncp }, this) { PeerMru = mru };
        }

        Ipcp.Up(nowMs);
        Ipcp.Open(nowMs);
        Ipv6cp?.Up(nowMs);
        Ipv6cp?.Open(nowMs);
        ReplayHeld(Ipcp, ref _heldIpcp, nowMs);
        if (Ipv6cp is not null)
        {
            ReplayHeld(Ipv6cp, ref _heldIpv6cp, nowMs);
        }
    }

    private static void ReplayHeld(PppAutomaton ncp, ref byte[]? held, long nowMs)
    {
        if (held is not null)
        {
            byte[] packet = held;
            held = null;
            ncp.Receive(packet, nowMs);
        }
    }

    private void StartAuthentication(long nowMs)
    {
        LcpAuthMethod method = Lcp.AuthMethod;
        if (method == LcpAuthMethod.None)
        {
            // Server: LCP only opens with a method when one is required. Client: we only talk to
            // servers that authenticate us, because crypto binding needs the exchange (MS-SSTP §3.2.5.2).
            _closeReason ??= PppLinkCloseReason.AuthenticationRefused;
            Lcp.Close(nowMs);
            return;
        }

        Phase = PppLinkPhase.Authenticate;
        _auth = _options.Role == PppRole.Server ? CreateAuthenticator(method) : CreateAuthenticatee(method);
        _auth.Start(nowMs);
    }

    private PppAuthenticator CreateAuthenticator(LcpAuthMethod method) => method switch
    {
        LcpAuthMethod.Pap => new PapAuthenticator(this, this, _options.Auth),
        LcpAuthMethod.ChapMd5 => new ChapMd5Authenticator(this, this, _options.Auth, _random),
        LcpAuthMethod.Eap => new EapMsChapV2Authenticator(this, this, _options.Auth, _random),
        _ => new MsChapV2Authenticator(this, this, _options.Auth, _random),
    };

    private PppAuthExchange CreateAuthenticatee(LcpAuthMethod method)
    {
        string user = _options.UserName!;
        string password = _options.Password!;
        return method switch
        {
            LcpAuthMethod.Pap => new PapClient(this, this, _options.Auth, user, password),
            LcpAuthMethod.ChapMd5 => new ChapMd5Client(this, this, _options.Auth, user, password),
            LcpAuthMethod.Eap => new EapMsChapV2Client(this, this, _options.Auth, _random, user, password),
            _ => new MsChapV2Client(this, this, _options.Auth, _random, user, password),
        };
    }

    private void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        Phase = PppLinkPhase.Dead;
        _host.OnLinkFinished(_closeReason ?? (_lcpWasOpened ? PppLinkCloseReason.PeerTerminated : PppLinkCloseReason.NegotiationFailed));
    }

    private bool AnyNcpAlive() =>
        Ipcp?.State is PppState.Opened or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent ||
        Ipv6cp?.State is PppState.Opened or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent;

    void IPppOutput.Send(ushort protocol, ReadOnlySpan<byte> packet) => _host.SendControl(protocol, packet);

    void IPppLayerEvents.LayerUp(ushort protocol)
    {
        if (protocol == PppProtocol.Lcp)
        {
            _lcpWasOpened = true;
            if (Phase == PppLinkPhase.Establish)
            {
                StartAuthentication(_nowMs);
            }

            return;
        }

        _host.OnNetworkLayerUp(protocol);
    }

    void IPppLayerEvents.LayerDown(ushort protocol)
    {
        if (protocol == PppProtocol.Lcp)
        {
            // RFC 1661 §3.7: leaving Opened takes the NCPs down with it. Before authentication has
            // finished this may be a renegotiation (SoftEther Protocol-Rejects EAP and restarts LCP
            // asking for MS-CHAPv2): drop the exchange; the next tlu starts the newly agreed method.
            // A termination ends in tlf instead, which finishes the link.
            Ipv6cp?.Down(_nowMs);
            Ipcp?.Down(_nowMs);
            if (Phase == PppLinkPhase.Authenticate)
            {
                _auth = null;
                Phase = PppLinkPhase.Establish;
            }
            else
            {
                Phase = PppLinkPhase.Terminate;
            }

            return;
        }

        _host.OnNetworkLayerDown(protocol);
    }

    void IPppLayerEvents.LayerStarted(ushort protocol)
    {
        // tls: the lower layer (SSTP) is already up whenever a protocol runs.
    }

    void IPppLayerEvents.LayerFinished(ushort protocol)
    {
        if (protocol == PppProtocol.Lcp)
        {
            Finish();
            return;
        }

        // One NCP failing must not end the link while another is usable (ppp.md §4).
        if (Phase == PppLinkPhase.Network && !AnyNcpAlive())
        {
            _closeReason ??= PppLinkCloseReason.NegotiationFailed;
            Lcp.Close(_nowMs);
        }
    }

    void ILcpEvents.ProtocolRejected(ushort protocol)
    {
        switch (protocol)
        {
            case PppProtocol.Ipcp:
                Ipcp?.ProtocolRejected(_nowMs);
                break;
            case PppProtocol.Ipv6cp:
                Ipv6cp?.ProtocolRejected(_nowMs);
                break;
            case PppProtocol.Pap or PppProtocol.Chap or PppProtocol.Eap when _auth?.Protocol == protocol:
                if (_options.Role == PppRole.Client)
                {
                    // The server refuses the method it asked for; it is expected to renegotiate LCP
                    // with another one (bounded by the SSTP negotiation timer if it does not).
                    _auth = null;
                    break;
                }

                _closeReason ??= PppLinkCloseReason.AuthenticationRefused;
                Lcp.Close(_nowMs);
                break;
        }
    }

    void ILcpEvents.KeepaliveFailed() => _closeReason ??= PppLinkCloseReason.KeepaliveFailed;

    void IAuthenticatorListener.OnVerificationRequested(AuthVerificationRequest request) => _host.OnVerificationRequested(request);

    void IAuthOutcomeListener.OnFinished(AuthResult result)
    {
        AuthResult = result;
        if (!result.Succeeded)
        {
            _host.OnAuthenticated(result);
            _closeReason ??= PppLinkCloseReason.AuthenticationFailed;
            Lcp.Close(_nowMs);
            return;
        }

        Phase = PppLinkPhase.Network;
        _host.OnAuthenticated(result);
        if (_options.Role == PppRole.Client && !_finished)
        {
            StartNcps(new IpcpOptions { Role = PppRole.Client, RequestDns = _options.RequestDns, Automaton = _options.Ncp }, _nowMs);
        }
    }
}
