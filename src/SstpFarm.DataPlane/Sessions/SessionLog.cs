using System.Net;
using Microsoft.Extensions.Logging;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Link;

namespace SstpFarm.DataPlane.Sessions;

/// <summary>Session events, ids 1200-1299 (names and ids are a public contract).</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 1200, EventName = "SessionStarted", Level = LogLevel.Debug, Message = "Session {SessionId} from {Client}: SSTP handshake done")]
    public static partial void SessionStarted(ILogger logger, string sessionId, IPEndPoint? client);

    [LoggerMessage(EventId = 1201, EventName = "SessionAuthenticated", Level = LogLevel.Information, Message = "Session {SessionId} from {Client}: user {UserName} authenticated with {Method}")]
    public static partial void Authenticated(ILogger logger, string sessionId, IPEndPoint? client, string userName, AuthMethod method);

    [LoggerMessage(EventId = 1202, EventName = "SessionAuthenticationFailed", Level = LogLevel.Warning, Message = "Session {SessionId} from {Client}: authentication of {UserName} with {Method} failed: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string sessionId, IPEndPoint? client, string userName, AuthMethod method, AuthFailureReason reason);

    [LoggerMessage(EventId = 1203, EventName = "SessionConnected", Level = LogLevel.Information, Message = "Session {SessionId}: user {UserName} has address {Address}")]
    public static partial void Connected(ILogger logger, string sessionId, string userName, IPAddress address);

    /// <summary>Information normally; Warning when the reason points at an attack or a bug (crypto binding, internal error).</summary>
    [LoggerMessage(EventId = 1204, EventName = "SessionClosed", Message = "Session {SessionId} from {Client} (user {UserName}) closed in {Stage}: {Reason} after {DurationMs} ms, {BytesIn} bytes in, {BytesOut} bytes out")]
    public static partial void Closed(ILogger logger, LogLevel level, string sessionId, IPEndPoint? client, string? userName, SessionStage stage, ConnectionCloseReason reason, long durationMs, long bytesIn, long bytesOut);

    [LoggerMessage(EventId = 1205, EventName = "AddressAllocationFailed", Level = LogLevel.Warning, Message = "Session {SessionId}: no address for {UserName} from pool {Pool}: {Status}")]
    public static partial void AddressAllocationFailed(ILogger logger, string sessionId, string userName, string pool, string status);

    [LoggerMessage(EventId = 1206, EventName = "AddressConflict", Level = LogLevel.Error, Message = "Session {SessionId}: address {Address} is already routed to another session")]
    public static partial void AddressConflict(ILogger logger, string sessionId, IPAddress address);

    [LoggerMessage(EventId = 1207, EventName = "ControlPlaneWriteFailed", Level = LogLevel.Warning, Message = "Session {SessionId}: control plane {Operation} failed")]
    public static partial void ControlPlaneWriteFailed(ILogger logger, string sessionId, string operation, Exception exception);

    [LoggerMessage(EventId = 1208, EventName = "SessionFault", Level = LogLevel.Error, Message = "Session {SessionId}: unexpected error")]
    public static partial void SessionFault(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = 1209, EventName = "PppLinkFinished", Level = LogLevel.Debug, Message = "Session {SessionId}: PPP link finished: {Reason}")]
    public static partial void PppLinkFinished(ILogger logger, string sessionId, PppLinkCloseReason reason);

    [LoggerMessage(EventId = 1210, EventName = "AuthenticationRefusedByBackoff", Level = LogLevel.Warning, Message = "Session {SessionId} from {Client}: {UserName} refused without verification (too many failures)")]
    public static partial void RefusedByBackoff(ILogger logger, string sessionId, IPEndPoint? client, string userName);
}
