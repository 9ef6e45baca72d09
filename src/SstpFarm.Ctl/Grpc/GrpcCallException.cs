using SstpFarm.Api.Grpc;

namespace SstpFarm.Ctl.Grpc;

/// <summary>
/// A call that did not end with OK: the status the server sent, or the one the client concluded
/// (UNAVAILABLE when it could not connect, DEADLINE_EXCEEDED when the deadline passed, CANCELLED on Ctrl+C).
/// </summary>
internal sealed class GrpcCallException : Exception
{
    public GrpcCallException(GrpcStatusCode status, string detail, Exception? inner = null)
        : base($"{GrpcStatusNames.Of(status)}: {detail}", inner)
    {
        Status = status;
        Detail = detail;
    }

    public GrpcCallException()
        : this(GrpcStatusCode.Unknown, "unknown error")
    {
    }

    public GrpcCallException(string message)
        : this(GrpcStatusCode.Unknown, message)
    {
    }

    public GrpcCallException(string message, Exception inner)
        : this(GrpcStatusCode.Unknown, message, inner)
    {
    }

    public GrpcStatusCode Status { get; }

    /// <summary>The status message (grpc-message, percent-decoded) or the client's own explanation.</summary>
    public string Detail { get; }
}
