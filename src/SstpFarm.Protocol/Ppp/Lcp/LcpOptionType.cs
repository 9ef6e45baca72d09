namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>LCP configuration option types (RFC 1661 §6, RFC 1570 §2, RFC 1990 §5.1).</summary>
public enum LcpOptionType : byte
{
    MaximumReceiveUnit = 1,
    AsyncControlCharacterMap = 2,
    AuthenticationProtocol = 3,
    QualityProtocol = 4,
    MagicNumber = 5,
    ProtocolFieldCompression = 7,
    AddressAndControlFieldCompression = 8,
    Callback = 13,
    MultilinkMrru = 17,
    ShortSequenceNumberHeader = 18,
    EndpointDiscriminator = 19,
}
