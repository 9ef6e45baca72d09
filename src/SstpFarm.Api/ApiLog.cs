using Microsoft.Extensions.Logging;

namespace SstpFarm.Api;

/// <summary>
/// The operator API's log events. Ids 6000–6099 belong to the API; names and ids are a contract
/// (dashboards and alerts match on them): add new ones, never renumber.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 6000, EventName = "ApiListening", Level = LogLevel.Information, Message = "Operator API (gRPC) listening on {EndPoint}: {Security}")]
    public static partial void Listening(ILogger logger, string endPoint, string security);

    [LoggerMessage(EventId = 6001, EventName = "ApiStopped", Level = LogLevel.Information, Message = "Operator API stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 6010, EventName = "ApiUnauthenticated", Level = LogLevel.Warning, Message = "API call {Method} from {Peer} refused (UNAUTHENTICATED): {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string method, string peer, string reason);

    [LoggerMessage(EventId = 6011, EventName = "ApiPermissionDenied", Level = LogLevel.Warning, Message = "API call {Method} from {Peer} refused (PERMISSION_DENIED): caller {Caller} has the read role, the method needs admin")]
    public static partial void PermissionDenied(ILogger logger, string method, string peer, string caller);

    [LoggerMessage(EventId = 6012, EventName = "ApiClientCertificateRejected", Level = LogLevel.Warning, Message = "Client certificate '{Subject}' refused: {Reason}")]
    public static partial void ClientCertificateRejected(ILogger logger, string subject, string reason);

    [LoggerMessage(EventId = 6020, EventName = "ApiCallFailed", Level = LogLevel.Error, Message = "API call {Method} by {Caller} failed; the caller got INTERNAL")]
    public static partial void CallFailed(ILogger logger, string method, string caller, Exception exception);

    [LoggerMessage(EventId = 6021, EventName = "ApiCallCompleted", Level = LogLevel.Debug, Message = "API call {Method} by {Caller}: {Status} in {ElapsedMs} ms")]
    public static partial void CallCompleted(ILogger logger, string method, string caller, Grpc.GrpcStatusCode status, long elapsedMs);

    [LoggerMessage(EventId = 6022, EventName = "ApiCallCancelled", Level = LogLevel.Debug, Message = "API call {Method} by {Caller} cancelled by the caller after {ElapsedMs} ms")]
    public static partial void CallCancelled(ILogger logger, string method, string caller, long elapsedMs);

    [LoggerMessage(EventId = 6023, EventName = "ApiAdminCall", Level = LogLevel.Information, Message = "Admin call {Method} by {Caller} from {Peer}: {Status}")]
    public static partial void AdminCall(ILogger logger, string method, string caller, string peer, Grpc.GrpcStatusCode status);
}
