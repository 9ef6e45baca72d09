using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>What our LCP asks for and accepts. Defaults suit an SSTP server (ppp.md §3, §14).</summary>
public sealed class LcpOptions
{
    /// <summary>Server: requests authentication. Client: accepts the server's method.</summary>
    public PppRole Role { get; init; } = PppRole.Server;

    /// <summary>MRU we request; null = do not send the option (the peer then assumes 1500, RFC 1661 §6.1).</summary>
    public ushort? Mru { get; init; }

    /// <summary>Send a Magic-Number (RFC 1661 §6.4). Dropped automatically if the peer rejects it.</summary>
    public bool RequestMagicNumber { get; init; } = true;

    /// <summary>
    /// Server: methods to request, most preferred first (interop #31: MS-CHAPv2 first).
    /// Client: methods it accepts, most preferred first. Empty: no authentication.
    /// </summary>
    public IReadOnlyList<LcpAuthMethod> AuthMethods { get; init; } = [LcpAuthMethod.MsChapV2];

    /// <summary>Server: close LCP if the client refuses every method (Reject, or Naks to a method we do not allow).</summary>
    public bool AuthRequired { get; init; } = true;

    /// <summary>
    /// Cap on the peer's MRU for what we send: 4087 = 4095 SSTP length − 4 SSTP header − 4 PPP
    /// header (interop #43).
    /// </summary>
    public int MaxPeerMru { get; init; } = 4087;

    /// <summary>Smallest MRU we let the peer announce; smaller values are Naked up to this (pppd's MINMRU).</summary>
    public int MinPeerMru { get; init; } = 128;

    /// <summary>Our own LCP Echo-Request keepalive interval; 0 = off (SSTP Echo is the primary keepalive).</summary>
    public int EchoIntervalMs { get; init; }

    /// <summary>Unanswered Echo-Requests after which LCP is closed.</summary>
    public int EchoFailureLimit { get; init; } = 3;

    public PppAutomatonOptions Automaton { get; init; } = PppAutomatonOptions.Default;
}
