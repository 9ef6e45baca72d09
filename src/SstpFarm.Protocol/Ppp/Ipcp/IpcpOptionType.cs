namespace SstpFarm.Protocol.Ppp.Ipcp;

/// <summary>IPCP configuration option types (RFC 1332 §3, RFC 1877 §1).</summary>
public enum IpcpOptionType : byte
{
    IpAddresses = 1,
    IpCompressionProtocol = 2,
    IpAddress = 3,
    PrimaryDnsServerAddress = 129,
    PrimaryNbnsServerAddress = 130,
    SecondaryDnsServerAddress = 131,
    SecondaryNbnsServerAddress = 132,
}
