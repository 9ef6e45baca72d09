using System.Net;

namespace SstpFarm.DataPlane.Tun;

/// <summary>Layer-3 configuration applied to the TUN link through rtnetlink.</summary>
public sealed class TunInterfaceSettings
{
    /// <summary>Link MTU; null leaves the kernel default (1500).</summary>
    public int? Mtu { get; set; }

    /// <summary>The node's own IPv4 address inside the pool; with <see cref="IPv4PrefixLength"/> the
    /// kernel routes the whole pool into the device.</summary>
    public IPAddress? IPv4Address { get; set; }

    public int IPv4PrefixLength { get; set; } = 32;

    public IPAddress? IPv6Address { get; set; }

    public int IPv6PrefixLength { get; set; } = 128;

    /// <summary>Bring the link up (default true).</summary>
    public bool Up { get; set; } = true;
}
