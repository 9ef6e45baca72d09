namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>Authentication methods negotiated by LCP's Authentication-Protocol option (RFC 1661 §6.2).</summary>
public enum LcpAuthMethod
{
    None,

    /// <summary>PAP, <c>C0 23</c> (RFC 1334).</summary>
    Pap,

    /// <summary>CHAP with MD5, <c>C2 23 05</c> (RFC 1994).</summary>
    ChapMd5,

    /// <summary>MS-CHAPv2, <c>C2 23 81</c> (RFC 2759).</summary>
    MsChapV2,

    /// <summary>EAP, <c>C2 27</c> (RFC 3748).</summary>
    Eap,
}
