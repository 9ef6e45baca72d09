namespace SstpFarm.Protocol.Auth.Eap;

/// <summary>EAP packet codes (RFC 3748 §4).</summary>
public enum EapCode : byte
{
    Request = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
}

/// <summary>EAP method types used here (RFC 3748 §5, IANA EAP registry).</summary>
public enum EapType : byte
{
    Identity = 1,
    Notification = 2,
    Nak = 3,
    Md5Challenge = 4,
    Tls = 13,
    Peap = 25,
    MsChapV2 = 26,
    Expanded = 254,
}

/// <summary>EAP-MSCHAPv2 OpCodes ([MS-CHAP] §2.2, draft-kamath-pppext-eap-mschapv2 §2).</summary>
public enum EapMsChapV2OpCode : byte
{
    Challenge = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
    ChangePassword = 7,
}
