namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>Outcome of checking a Call Connected message (MS-SSTP §3.3.5.2.3).</summary>
public enum CryptoBindingResult
{
    Ok,

    /// <summary>Not 112 bytes, not exactly one Crypto Binding attribute of length 104, or extra attributes.</summary>
    FormatError,

    /// <summary>Hash Protocol is not a single algorithm the server offered in its Call Connect Ack.</summary>
    HashProtocolNotOffered,
    NonceMismatch,
    CertificateHashMismatch,
    CompoundMacMismatch,
}
