namespace SstpFarm.Protocol.Sstp;

/// <summary>Fixed values of the SSTP wire format (MS-SSTP §2.2). Tuning values live in the options classes.</summary>
public static class SstpConstants
{
    /// <summary>Version byte: major 1 in the high nibble, minor 0 in the low nibble (MS-SSTP §2.2.1).</summary>
    public const byte Version = 0x10;

    /// <summary>Size of the SSTP packet header common to data and control packets (MS-SSTP §2.2.1).</summary>
    public const int HeaderLength = 4;

    /// <summary>Smallest legal packet: a bare header.</summary>
    public const int MinPacketLength = HeaderLength;

    /// <summary>Largest legal packet: the Length field has 12 bits.</summary>
    public const int MaxPacketLength = 0x0FFF;

    /// <summary>Largest PPP frame (address/control/protocol included) a data packet can carry.</summary>
    public const int MaxDataPayloadLength = MaxPacketLength - HeaderLength;

    /// <summary>Message Type + Num Attributes after the packet header (MS-SSTP §2.2.2).</summary>
    public const int ControlMessageHeaderLength = HeaderLength + 4;

    /// <summary>Reserved + Attribute ID + Length (MS-SSTP §2.2.4).</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>The only Protocol ID defined for SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID (MS-SSTP §2.2.5).</summary>
    public const ushort SSTP_ENCAPSULATED_PROTOCOL_PPP = 0x0001;

    /// <summary>Nonce size in Crypto Binding Request and Crypto Binding (MS-SSTP §2.2.7, §2.2.10).</summary>
    public const int NonceLength = 32;

    /// <summary>Higher-layer authentication key size (MS-SSTP §3.2.5.2.2).</summary>
    public const int HlakLength = 32;

    /// <summary>Longest AttribValue echoed in a Status Info; longer values are truncated (MS-SSTP §2.2.8).</summary>
    public const int MaxStatusInfoValueLength = 64;

    internal const byte ControlBit = 0x01;
    internal const int LengthMask = 0x0FFF;
}
