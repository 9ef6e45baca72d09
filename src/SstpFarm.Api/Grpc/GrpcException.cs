namespace SstpFarm.Api.Grpc;

/// <summary>
/// Thrown by a handler to end the call with a status other than OK. The message goes to the
/// caller as <c>grpc-message</c>, so it must say what was wrong with the request and must not
/// carry secrets. Any other exception ends the call with <see cref="GrpcStatusCode.Internal"/>
/// and a generic message (details only in the server log).
/// </summary>
public sealed class GrpcException : Exception
{
    public GrpcException(GrpcStatusCode status, string message)
        : base(message)
    {
        Status = status;
    }

    public GrpcException()
        : this(GrpcStatusCode.Unknown, "unknown error")
    {
    }

    public GrpcException(string message)
        : this(GrpcStatusCode.Unknown, message)
    {
    }

    public GrpcException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = GrpcStatusCode.Unknown;
    }

    public GrpcStatusCode Status { get; }
}
