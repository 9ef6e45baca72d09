using System.Net;
using Microsoft.Extensions.Logging;
using SstpFarm.DataPlane.Sessions;

namespace SstpFarm.DataPlane.Listener;

/// <summary>Listener and handshake events, ids 1100-1199 (names and ids are a public contract).</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 1100, EventName = "ListenerStarted", Level = LogLevel.Information, Message = "Listening on {EndPoint} (TLS {Tls}, PROXY protocol {ProxyMode})")]
    public static partial void ListenerStarted(ILogger logger, EndPoint endPoint, bool tls, SstpFarm.DataPlane.Node.ProxyProtocolMode proxyMode);

    [LoggerMessage(EventId = 1101, EventName = "ListenerStopped", Level = LogLevel.Information, Message = "Stopped listening on {EndPoint}")]
    public static partial void ListenerStopped(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 1102, EventName = "AcceptFailed", Level = LogLevel.Warning, Message = "Accept failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, EventName = "HandshakeLimitReached", Level = LogLevel.Warning, Message = "Connection from {Remote} refused: {Pending} handshakes in progress (limit)")]
    public static partial void HandshakeLimitReached(ILogger logger, EndPoint? remote, int pending);

    [LoggerMessage(EventId = 1104, EventName = "HandshakeFailed", Level = LogLevel.Debug, Message = "Connection from {Remote} closed during {Stage}: {Reason} {Detail}")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint? remote, SessionStage stage, ConnectionCloseReason reason, string? detail);

    [LoggerMessage(EventId = 1105, EventName = "NonSstpRequest", Level = LogLevel.Debug, Message = "Non-SSTP request from {Remote}: {Method} {Target}; answered 404")]
    public static partial void NonSstpRequest(ILogger logger, EndPoint? remote, string? method, string? target);

    [LoggerMessage(EventId = 1106, EventName = "TlsHandshakeFailed", Level = LogLevel.Debug, Message = "TLS handshake with {Remote} failed")]
    public static partial void TlsHandshakeFailed(ILogger logger, EndPoint? remote, Exception exception);

    [LoggerMessage(EventId = 1107, EventName = "ConnectionFault", Level = LogLevel.Error, Message = "Unexpected error on the connection from {Remote}")]
    public static partial void ConnectionFault(ILogger logger, EndPoint? remote, Exception exception);
}
