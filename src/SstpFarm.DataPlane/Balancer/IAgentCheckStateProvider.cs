namespace SstpFarm.DataPlane.Balancer;

/// <summary>Decides what the agent answers; called once per agent-check connection.</summary>
public interface IAgentCheckStateProvider
{
    /// <summary>
    /// The reply for this check. Should answer quickly from local knowledge; the server cancels
    /// <paramref name="cancellationToken"/> when the per-connection timeout runs out and then sends nothing.
    /// </summary>
    ValueTask<AgentCheckReply> GetReplyAsync(CancellationToken cancellationToken);
}
