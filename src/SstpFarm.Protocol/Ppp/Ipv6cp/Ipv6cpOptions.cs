using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Ipv6cp;

/// <summary>
/// IPV6CP settings (ppp.md §12). The Interface-Identifier rules are the same for both ends, so
/// there is no role.
/// </summary>
public sealed class Ipv6cpOptions
{
    /// <summary>Our 64-bit Interface-Identifier; null or 0 = a random non-zero one.</summary>
    public ulong? InterfaceIdentifier { get; init; }

    public PppAutomatonOptions Automaton { get; init; } = PppAutomatonOptions.Default;
}
