using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.Commands;

namespace SstpFarm.Host.Farm;

internal static partial class FarmLog
{
    [LoggerMessage(EventId = 5000, EventName = "FarmCommand", Level = LogLevel.Information, Message = "Command {CommandId}: {Kind} (session {SessionId}, user {UserName}): {Affected} sessions")]
    public static partial void Command(ILogger logger, string commandId, NodeCommandKind kind, string? sessionId, string? userName, int affected);

    [LoggerMessage(EventId = 5001, EventName = "FarmHeartbeatFailed", Level = LogLevel.Warning, Message = "Heartbeat to the control plane failed: {Status}")]
    public static partial void HeartbeatFailed(ILogger logger, string status);

    [LoggerMessage(EventId = 5002, EventName = "FarmLeasesRevoked", Level = LogLevel.Warning, Message = "The control plane revoked {Leases} leases (block taken over): {Sessions} sessions disconnected")]
    public static partial void LeasesRevoked(ILogger logger, int leases, int sessions);

    [LoggerMessage(EventId = 5003, EventName = "FarmDutyFault", Level = LogLevel.Error, Message = "Farm duty {Duty} failed")]
    public static partial void DutyFault(ILogger logger, string duty, Exception exception);

    [LoggerMessage(EventId = 5010, EventName = "FarmOffline", Level = LogLevel.Warning, Message = "Cut off from Redis past the offline limit: {Offline} (while true the node drains and its sessions end)")]
    public static partial void Offline(ILogger logger, bool offline);
}
