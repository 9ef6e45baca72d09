namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>Attribute ID of an SSTP control message attribute (MS-SSTP §2.2.4), names as in the spec.</summary>
public enum SstpAttributeId : byte
{
    /// <summary>Only used as the AttribID inside a Status Info, never as an attribute's own ID.</summary>
    SSTP_ATTRIB_NO_ERROR = 0x00,
    SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID = 0x01,
    SSTP_ATTRIB_STATUS_INFO = 0x02,
    SSTP_ATTRIB_CRYPTO_BINDING = 0x03,
    SSTP_ATTRIB_CRYPTO_BINDING_REQ = 0x04,
}
