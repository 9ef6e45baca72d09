namespace SstpFarm.Protocol.Ppp.Ipv6cp;

/// <summary>IPV6CP configuration option types (RFC 5072 §4).</summary>
public enum Ipv6cpOptionType : byte
{
    InterfaceIdentifier = 1,
    Ipv6CompressionProtocol = 2,
}
