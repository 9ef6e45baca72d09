namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>The HTTP statuses the SSTP endpoint answers with (RFC 9110 §15). The value is the status code.</summary>
public enum SstpHttpStatus
{
    Ok = 200,
    BadRequest = 400,
    NotFound = 404,
    RequestHeaderFieldsTooLarge = 431,
    ServiceUnavailable = 503,
    HttpVersionNotSupported = 505,
}
