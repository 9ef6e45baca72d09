using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Commands;

namespace SstpFarm.Api.Services;

/// <summary>Queues commands for their node; UNAVAILABLE when the command channel cannot be reached.</summary>
internal static class NodeCommandSender
{
    public static async ValueTask SendAsync(IControlPlane controlPlane, NodeCommandKind kind, string nodeId, TimeProvider time, CancellationToken cancellationToken, string? sessionId = null, string? userName = null)
    {
        var command = new NodeCommand(Guid.NewGuid().ToString("N"), kind, nodeId, time.GetUtcNow(), sessionId, userName);
        if (await controlPlane.Commands.SendAsync(command, cancellationToken) == NodeCommandStatus.Unavailable)
        {
            throw ApiErrors.Unavailable($"{kind} for node {nodeId} not queued");
        }
    }
}
