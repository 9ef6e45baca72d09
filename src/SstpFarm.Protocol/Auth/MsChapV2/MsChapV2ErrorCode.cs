namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>The E= values of an MS-CHAPv2 Failure packet, named as RFC 2759 §6 names them.</summary>
public enum MsChapV2ErrorCode
{
    ERROR_RESTRICTED_LOGON_HOURS = 646,
    ERROR_ACCT_DISABLED = 647,
    ERROR_PASSWD_EXPIRED = 648,
    ERROR_NO_DIALIN_PERMISSION = 649,
    ERROR_AUTHENTICATION_FAILURE = 691,
    ERROR_CHANGING_PASSWORD = 709,
}
