using System.Net;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Client;

/// <summary>What the server assigned once the session is up (IPCP Opened).</summary>
/// <param name="LocalAddress">Our IPv4 address.</param>
/// <param name="PeerAddress">The server's IPCP address (may be 0.0.0.0 or absent with some servers).</param>
/// <param name="PrimaryDns">First DNS server pushed, if any (RFC 1877).</param>
/// <param name="SecondaryDns">Second DNS server pushed, if any.</param>
/// <param name="Mtu">Largest IP packet we may send: the server's MRU, capped by the SSTP frame size.</param>
/// <param name="AuthMethod">The method the server chose.</param>
/// <param name="HashProtocol">The crypto binding hash used in Call Connected.</param>
/// <param name="LocalIpv6InterfaceId">Our IPV6CP interface identifier, when IPV6CP opened in time.</param>
/// <param name="CertificateSha256">SHA-256 of the server's leaf certificate.</param>
public sealed record SstpSessionInfo(
    IPAddress LocalAddress,
    IPAddress? PeerAddress,
    IPAddress? PrimaryDns,
    IPAddress? SecondaryDns,
    int Mtu,
    AuthMethod AuthMethod,
    CertHashProtocols HashProtocol,
    ulong? LocalIpv6InterfaceId,
    byte[] CertificateSha256);
