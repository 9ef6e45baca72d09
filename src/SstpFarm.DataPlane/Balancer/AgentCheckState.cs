namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// What the node asks of HAProxy through its agent-check reply, named after HAProxy's agent words
/// (configuration manual §5.2, "agent-check").
/// </summary>
public enum AgentCheckState
{
    /// <summary>`up ready NN%`: takes new connections; `ready` also leaves an earlier DRAIN or MAINT.</summary>
    Ready,

    /// <summary>`drain`: admin state DRAIN — no new connections, established ones continue.</summary>
    Drain,

    /// <summary>`maint`: admin state MAINT — no new connections and no health checks.</summary>
    Maint,
}
