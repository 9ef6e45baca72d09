namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>What a complete, well-formed request head asks for.</summary>
public enum SstpHttpRequestKind
{
    /// <summary><c>SSTP_DUPLEX_POST /sra_{…}/ HTTP/1.1</c>: answer 200 and switch to SSTP.</summary>
    SstpDuplexPost,

    /// <summary>Any other well-formed HTTP/1.0 or HTTP/1.1 request (a probe, a browser): answer 404 and close.</summary>
    OtherRequest,
}
