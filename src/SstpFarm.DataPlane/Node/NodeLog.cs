using Microsoft.Extensions.Logging;

namespace SstpFarm.DataPlane.Node;

/// <summary>Node lifecycle events, ids 1000-1099 (names and ids are a public contract).</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 1000, EventName = "NodeStarted", Level = LogLevel.Information, Message = "SSTP node {NodeId} started: TUN {Tun} ({Address}/{PrefixLength}, MTU {Mtu}, {Queues} queues)")]
    public static partial void Started(ILogger logger, string nodeId, string tun, System.Net.IPAddress? address, int prefixLength, int mtu, int queues);

    [LoggerMessage(EventId = 1001, EventName = "NodeStopping", Level = LogLevel.Information, Message = "SSTP node stopping: Call Disconnect to {Sessions} sessions, waiting up to {Timeout}")]
    public static partial void Stopping(ILogger logger, int sessions, TimeSpan timeout);

    [LoggerMessage(EventId = 1002, EventName = "NodeStopped", Level = LogLevel.Information, Message = "SSTP node stopped ({Aborted} sessions aborted after the timeout)")]
    public static partial void Stopped(ILogger logger, int aborted);

    [LoggerMessage(EventId = 1003, EventName = "HeartbeatOverrun", Level = LogLevel.Warning, Message = "Heartbeat took {ElapsedMs} ms for {Sessions} sessions and {Pending} handshakes (interval {IntervalMs} ms)")]
    public static partial void HeartbeatOverrun(ILogger logger, long elapsedMs, int sessions, int pending, long intervalMs);

    [LoggerMessage(EventId = 1004, EventName = "CertificateUpdated", Level = LogLevel.Information, Message = "Server certificate replaced: {Subject}, SHA-256 {Thumbprint}; new handshakes use it")]
    public static partial void CertificateUpdated(ILogger logger, string subject, string thumbprint);

    [LoggerMessage(EventId = 1005, EventName = "HeartbeatFault", Level = LogLevel.Error, Message = "Heartbeat failed on one session")]
    public static partial void HeartbeatFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1006, EventName = "SessionsDisconnected", Level = LogLevel.Information, Message = "Call Disconnect sent to {Sessions} sessions on an operator's command")]
    public static partial void SessionsDisconnected(ILogger logger, int sessions);
}
