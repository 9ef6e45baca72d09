namespace SstpFarm.Protocol.Auth;

/// <summary>The PPP authentication methods SstpFarm speaks.</summary>
public enum AuthMethod
{
    Pap,
    ChapMd5,
    MsChapV2,
    EapMsChapV2,
}
