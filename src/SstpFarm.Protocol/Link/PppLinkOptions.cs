using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Protocol.Link;

/// <summary>What one PPP link runs: LCP, one authentication method, IPCP and optionally IPV6CP.</summary>
public sealed class PppLinkOptions
{
    public PppRole Role { get; init; } = PppRole.Server;

    /// <summary>LCP settings; null = defaults for <see cref="Role"/>. Its role must equal <see cref="Role"/>.</summary>
    public LcpOptions? Lcp { get; init; }

    public PppAuthOptions Auth { get; init; } = new();

    /// <summary>NCP restart timer and counters (RFC 1661 §4.6 defaults).</summary>
    public PppAutomatonOptions Ncp { get; init; } = PppAutomatonOptions.Default;

    /// <summary>Run IPV6CP; when false the peer's IPV6CP is Protocol-Rejected (Windows and pppd then continue IPv4-only, ppp.md §12).</summary>
    public bool EnableIpv6 { get; init; } = true;

    /// <summary>Client role: the user name sent to the server.</summary>
    public string? UserName { get; init; }

    /// <summary>Client role: the password (PAP sends it; the CHAP family proves it).</summary>
    public string? Password { get; init; }

    /// <summary>Client role: ask for DNS servers in IPCP (RFC 1877), like pppd's usepeerdns.</summary>
    public bool RequestDns { get; init; } = true;

    internal LcpOptions EffectiveLcp()
    {
        LcpOptions lcp = Lcp ?? new LcpOptions
        {
            Role = Role,
            AuthMethods = Role == PppRole.Server
                ? [LcpAuthMethod.MsChapV2]
                : [LcpAuthMethod.MsChapV2, LcpAuthMethod.Eap, LcpAuthMethod.ChapMd5, LcpAuthMethod.Pap],
        };
        if (lcp.Role != Role)
        {
            throw new ArgumentException($"Lcp.Role ({lcp.Role}) must equal Role ({Role}).", nameof(Lcp));
        }

        if (Role == PppRole.Server && lcp.AuthMethods.Count == 0)
        {
            throw new ArgumentException("A server link must request authentication: Lcp.AuthMethods is empty.", nameof(Lcp));
        }

        if (Role == PppRole.Client && (UserName is null || Password is null))
        {
            throw new ArgumentException("A client link needs UserName and Password.", nameof(UserName));
        }

        return lcp;
    }
}
