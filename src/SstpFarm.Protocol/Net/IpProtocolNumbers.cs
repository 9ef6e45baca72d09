namespace SstpFarm.Protocol.Net;

/// <summary>IANA "Assigned Internet Protocol Numbers" used by the forwarding path (IPv4 Protocol / IPv6 Next Header).</summary>
public static class IpProtocolNumbers
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Ipv6Fragment = 44;
    public const byte Icmpv6 = 58;
}
