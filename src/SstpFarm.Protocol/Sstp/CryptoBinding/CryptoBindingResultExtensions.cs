using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>Maps a failed check to the Status Info of the Call Abort (MS-SSTP §3.3.5.2.3; sstp.md §9).</summary>
public static class CryptoBindingResultExtensions
{
    public static SstpAttributeId AbortAttribId(this CryptoBindingResult result) =>
        result == CryptoBindingResult.FormatError ? SstpAttributeId.SSTP_ATTRIB_STATUS_INFO : SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING;

    public static SstpAttributeStatus AbortStatus(this CryptoBindingResult result) =>
        result == CryptoBindingResult.FormatError
            ? SstpAttributeStatus.ATTRIB_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG
            : SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED;
}
