using System.Net;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.Host.Options;

public sealed class AddressingOptions
{
    /// <summary>
    /// Client addresses. An arbitrary private range (RFC 1918) chosen to be unlikely on a LAN;
    /// pick one that does not collide with your networks.
    /// </summary>
    public IReadOnlyList<Ipv4Cidr> Pools { get; set; } = [new Ipv4Cidr(0x0AC90000, 16)]; // 10.201.0.0/16

    /// <summary>The server's own end of every PPP link (IPCP). Default: the first usable pool address.</summary>
    public IPAddress? TunnelAddress { get; set; }

    /// <summary>DNS servers pushed to clients (IPCP options 129/131, RFC 1877). Default: none, clients keep theirs.</summary>
    public IReadOnlyList<IPAddress> DnsServers { get; set; } = [];

    /// <summary>The node's TUN device (design.md: one multi-queue device per node).</summary>
    public string TunName { get; set; } = "sstp0";

    /// <summary>
    /// Tunnel MTU. 1400 is what Windows uses for SSTP (interop.md §G.42); at most 4087, the largest
    /// PPP Information field that fits an SSTP packet (sstp.md §7); at least 576 (RFC 791).
    /// </summary>
    public int Mtu { get; set; } = 1400;

    /// <summary>Masquerade client traffic out of the node (nftables), removed on exit. Off: route the pool instead.</summary>
    public bool Nat { get; set; }

    /// <summary>Tuning default: time before an address freed by one user goes to another one.</summary>
    public TimeSpan AddressCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The tunnel address actually used: configured, else the pool's first usable address.</summary>
    public IPAddress EffectiveTunnelAddress => TunnelAddress ?? Ipv4.ToAddress(Pools[0].UsableRange.First);
}
