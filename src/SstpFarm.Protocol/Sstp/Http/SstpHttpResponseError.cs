namespace SstpFarm.Protocol.Sstp.Http;

/// <summary>Why <see cref="SstpHttpResponseParser"/> returned <see cref="System.Buffers.OperationStatus.InvalidData"/>.</summary>
public enum SstpHttpResponseError
{
    None,

    /// <summary>Status line is not <c>HTTP/d.d SP 3DIGIT [SP reason]</c>.</summary>
    MalformedStatusLine,

    /// <summary>A version other than HTTP/1.1 (Windows refuses it too; sstp.md §3.2).</summary>
    UnsupportedHttpVersion,

    /// <summary>Status is not 200; <see cref="SstpHttpResponseParser.StatusCode"/> has it.</summary>
    UnexpectedStatus,

    /// <summary>A line ends with LF alone.</summary>
    BareLineFeed,

    /// <summary>A header line is malformed (see <see cref="SstpHttpRequestError.MalformedHeader"/>).</summary>
    MalformedHeader,

    /// <summary>Content-Length present but not exactly 2^64−1, or present twice (sstpc's rule, interop.md item 9).</summary>
    InvalidContentLength,

    /// <summary>No CRLFCRLF within <see cref="SstpHttpLimits.MaxHeadBytes"/>.</summary>
    HeadTooLarge,

    /// <summary>More than <see cref="SstpHttpLimits.MaxHeaderLines"/> header lines.</summary>
    TooManyHeaderLines,
}
