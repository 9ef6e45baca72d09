namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>Status field of a Status Info attribute (MS-SSTP §2.2.8), names as in the spec.</summary>
public enum SstpAttributeStatus : uint
{
    /// <summary>Normal Call Disconnect (with AttribID 0).</summary>
    ATTRIB_STATUS_NO_ERROR = 0x00000000,

    /// <summary>NAK.</summary>
    ATTRIB_STATUS_DUPLICATE_ATTRIBUTE = 0x00000001,

    /// <summary>NAK.</summary>
    ATTRIB_STATUS_UNRECOGNIZED_ATTRIBUTE = 0x00000002,

    /// <summary>NAK.</summary>
    ATTRIB_STATUS_INVALID_ATTRIB_VALUE_LENGTH = 0x00000003,

    /// <summary>NAK, Abort.</summary>
    ATTRIB_STATUS_VALUE_NOT_SUPPORTED = 0x00000004,

    /// <summary>Abort: message not valid in the current state.</summary>
    ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED = 0x00000005,

    /// <summary>Abort.</summary>
    ATTRIB_STATUS_RETRY_COUNT_EXCEEDED = 0x00000006,

    /// <summary>Abort: unknown message type or bad format.</summary>
    ATTRIB_STATUS_INVALID_FRAME_RECEIVED = 0x00000007,

    /// <summary>Abort.</summary>
    ATTRIB_STATUS_NEGOTIATION_TIMEOUT = 0x00000008,

    /// <summary>Abort.</summary>
    ATTRIB_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG = 0x00000009,

    /// <summary>NAK.</summary>
    ATTRIB_STATUS_REQUIRED_ATTRIBUTE_MISSING = 0x0000000A,

    /// <summary>NAK.</summary>
    ATTRIB_STATUS_STATUS_INFO_NOT_SUPPORTED_IN_MSG = 0x0000000B,
}
