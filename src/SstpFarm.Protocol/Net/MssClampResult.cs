namespace SstpFarm.Protocol.Net;

/// <summary>What <see cref="TcpMssClamp"/> did with a packet. Only <see cref="Clamped"/> changed bytes.</summary>
public enum MssClampResult
{
    /// <summary>Not a TCP SYN this clamp handles: other protocol, no SYN flag, a fragment, IPv6 extension headers, or not IPv4/IPv6.</summary>
    NotTcpSyn,

    /// <summary>A SYN without an MSS option (the peer assumes 536/1220; nothing to lower).</summary>
    NoMssOption,

    /// <summary>The MSS was already at or below the limit.</summary>
    Unchanged,

    /// <summary>The MSS was lowered and the TCP checksum updated.</summary>
    Clamped,

    /// <summary>IP or TCP header lengths or the TCP options are inconsistent; the packet was left alone.</summary>
    Malformed,
}
