namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>Maps a request parse failure to the error status the server answers with before closing.</summary>
public static class SstpHttpRequestErrorExtensions
{
    public static SstpHttpStatus ToResponseStatus(this SstpHttpRequestError error) => error switch
    {
        SstpHttpRequestError.UnsupportedHttpVersion => SstpHttpStatus.HttpVersionNotSupported,
        SstpHttpRequestError.HeadTooLarge or SstpHttpRequestError.TooManyHeaderLines => SstpHttpStatus.RequestHeaderFieldsTooLarge,
        _ => SstpHttpStatus.BadRequest,
    };
}
