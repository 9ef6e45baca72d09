namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>CHAP packet codes (RFC 1994 §4; MS-CHAPv2 uses the same four, RFC 2759 §3-§6).</summary>
public enum ChapCode : byte
{
    Challenge = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
}

/// <summary>CHAP Algorithm values for the LCP Authentication-Protocol option (RFC 1994 §3, RFC 2759 §2).</summary>
public enum ChapAlgorithm : byte
{
    Md5 = 0x05,
    MsChapV2 = 0x81,
}
