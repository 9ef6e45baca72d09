namespace SstpFarm.ControlPlane.Nodes;

/// <summary>What the operator wants from a node (HAProxy's agent-check answers follow it).</summary>
public enum NodeAdminState
{
    /// <summary>Accepts new sessions.</summary>
    Active,

    /// <summary>Accepts no new sessions; existing ones run until they end.</summary>
    Draining,
}

/// <summary>What the directory concludes from heartbeats.</summary>
public enum NodeHealth
{
    Alive,

    /// <summary>No heartbeat within the time-to-live.</summary>
    Dead,
}
