using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>HAProxy agent and runtime API events, ids 1800-1899 (names and ids are a public contract).</summary>
internal static partial class BalancerLog
{
    [LoggerMessage(EventId = 1800, EventName = "AgentStarted", Level = LogLevel.Information, Message = "HAProxy agent-check listening on {EndPoint}")]
    public static partial void AgentStarted(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 1801, EventName = "AgentStopped", Level = LogLevel.Information, Message = "HAProxy agent-check on {EndPoint} stopped")]
    public static partial void AgentStopped(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 1802, EventName = "AgentStateChanged", Level = LogLevel.Information, Message = "HAProxy agent-check now answers {State} (weight {WeightPercent}%)")]
    public static partial void AgentStateChanged(ILogger logger, AgentCheckState state, int weightPercent);

    [SuppressMessage("Performance", "CA1873", Justification = "Guarded by IsEnabled; the analyzer does not see the guard.")]
    public static void AgentBusy(ILogger logger, Socket socket, int limit)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            AgentBusy(logger, RemoteOf(socket), limit);
        }
    }

    [LoggerMessage(EventId = 1804, EventName = "AgentBusy", Level = LogLevel.Warning, Message = "HAProxy agent-check connection from {Remote} closed: {Limit} checks in progress (limit)")]
    private static partial void AgentBusy(ILogger logger, EndPoint? remote, int limit);

    [SuppressMessage("Performance", "CA1873", Justification = "Guarded by IsEnabled; the analyzer does not see the guard.")]
    public static void AgentCheckFailed(ILogger logger, Socket socket, Exception exception)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            AgentCheckFailed(logger, RemoteOf(socket), exception);
        }
    }

    [LoggerMessage(EventId = 1805, EventName = "AgentCheckFailed", Level = LogLevel.Debug, Message = "HAProxy agent-check for {Remote} not answered")]
    private static partial void AgentCheckFailed(ILogger logger, EndPoint? remote, Exception exception);

    [LoggerMessage(EventId = 1806, EventName = "AgentDirectoryFailed", Level = LogLevel.Warning, Message = "Node directory unreadable for node {NodeId}; the agent answers from the last known admin state")]
    public static partial void AgentDirectoryFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(EventId = 1807, EventName = "AgentDirectoryRecovered", Level = LogLevel.Information, Message = "Node directory readable again for node {NodeId}")]
    public static partial void AgentDirectoryRecovered(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 1820, EventName = "TicketKeysPushed", Level = LogLevel.Information, Message = "TLS ticket keys of ring version {Version} pushed to HAProxy {Runtime} {Reference} ({Count} set ssl tls-key)")]
    public static partial void TicketKeysPushed(ILogger logger, string runtime, string reference, int count, long version);

    [LoggerMessage(EventId = 1821, EventName = "TicketKeysUpToDate", Level = LogLevel.Debug, Message = "HAProxy {Runtime} {Reference} holds the TLS ticket keys of ring version {Version}")]
    public static partial void TicketKeysUpToDate(ILogger logger, string runtime, string reference, long version);

    [LoggerMessage(EventId = 1822, EventName = "TicketKeysReverted", Level = LogLevel.Warning, Message = "HAProxy {Runtime} {Reference} had lost the TLS ticket keys of ring version {Version} (reloaded?); {Count} pushed again")]
    public static partial void TicketKeysReverted(ILogger logger, string runtime, string reference, int count, long version);

    [LoggerMessage(EventId = 1823, EventName = "TicketKeysPushFailed", Level = LogLevel.Warning, Message = "TLS ticket keys of ring version {Version} not pushed to HAProxy {Runtime} {Reference}, retry in {RetryDelay}: {Error}")]
    public static partial void TicketKeysPushFailed(ILogger logger, string runtime, string reference, long version, TimeSpan retryDelay, string error);

    [LoggerMessage(EventId = 1824, EventName = "TicketKeysPushStillFailing", Level = LogLevel.Debug, Message = "HAProxy {Runtime} {Reference}: ticket key push failed {Failures} times, retry in {RetryDelay}: {Error}")]
    public static partial void TicketKeysPushStillFailing(ILogger logger, string runtime, string reference, int failures, TimeSpan retryDelay, string error);

    [LoggerMessage(EventId = 1825, EventName = "TicketKeysTargetRecovered", Level = LogLevel.Information, Message = "HAProxy {Runtime} {Reference} reachable again after {Failures} failed ticket key pushes")]
    public static partial void TicketKeysTargetRecovered(ILogger logger, string runtime, string reference, int failures);

    [LoggerMessage(EventId = 1826, EventName = "TicketRingUnavailable", Level = LogLevel.Warning, Message = "TLS ticket key ring unreadable; HAProxy keeps the keys it has")]
    public static partial void TicketRingUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1827, EventName = "PusherRoundFailed", Level = LogLevel.Error, Message = "TLS ticket key push round failed unexpectedly")]
    public static partial void PusherRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1828, EventName = "TicketKeyPusherActive", Level = LogLevel.Information, Message = "This node now pushes the TLS ticket keys to {Targets} HAProxy key references")]
    public static partial void TicketKeyPusherActive(ILogger logger, int targets);

    [LoggerMessage(EventId = 1829, EventName = "TicketKeyPusherStandby", Level = LogLevel.Information, Message = "Another node pushes the TLS ticket keys (or the push lease cannot be taken); this one stands by")]
    public static partial void TicketKeyPusherStandby(ILogger logger);

    private static EndPoint? RemoteOf(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
