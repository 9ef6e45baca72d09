using SstpFarm.Api.Grpc;

namespace SstpFarm.Ctl;

/// <summary>What sstpfarmctl's exit code tells a script (docs/sstpfarmctl.md; printed by --help).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Any other gRPC status: INTERNAL, UNKNOWN, UNIMPLEMENTED, RESOURCE_EXHAUSTED, ...</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong, a file it names cannot be read, or the server said INVALID_ARGUMENT / OUT_OF_RANGE.</summary>
    public const int Usage = 2;

    public const int NotFound = 3;

    /// <summary>UNAUTHENTICATED or PERMISSION_DENIED.</summary>
    public const int Denied = 4;

    /// <summary>UNAVAILABLE, DEADLINE_EXCEEDED, no connection (refused, TLS failed), or health not SERVING: worth retrying.</summary>
    public const int Unavailable = 5;

    /// <summary>ALREADY_EXISTS, FAILED_PRECONDITION or ABORTED: the farm's state does not allow it.</summary>
    public const int Conflict = 6;

    /// <summary>Ctrl+C (SIGINT) or SIGTERM, the shell's convention (128 + 2).</summary>
    public const int Interrupted = 130;

    public const string Help = """
        Exit codes:
          0    ok
          1    other gRPC error (INTERNAL, UNKNOWN, UNIMPLEMENTED, RESOURCE_EXHAUSTED, ...)
          2    usage error: bad command line or unreadable file; server said INVALID_ARGUMENT/OUT_OF_RANGE
          3    NOT_FOUND
          4    UNAUTHENTICATED or PERMISSION_DENIED
          5    UNAVAILABLE or DEADLINE_EXCEEDED, connection/TLS failure, health not SERVING (retry)
          6    ALREADY_EXISTS, FAILED_PRECONDITION or ABORTED (conflict with the farm's state)
          130  interrupted (Ctrl+C)
        """;

    public static int For(GrpcStatusCode status) => status switch
    {
        GrpcStatusCode.OK => Ok,
        GrpcStatusCode.InvalidArgument or GrpcStatusCode.OutOfRange => Usage,
        GrpcStatusCode.NotFound => NotFound,
        GrpcStatusCode.Unauthenticated or GrpcStatusCode.PermissionDenied => Denied,
        GrpcStatusCode.Unavailable or GrpcStatusCode.DeadlineExceeded => Unavailable,
        GrpcStatusCode.AlreadyExists or GrpcStatusCode.FailedPrecondition or GrpcStatusCode.Aborted => Conflict,
        GrpcStatusCode.Cancelled => Interrupted,
        _ => Error,
    };
}
