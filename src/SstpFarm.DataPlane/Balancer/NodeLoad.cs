namespace SstpFarm.DataPlane.Balancer;

/// <summary>The node's load as the agent reports it: live sessions against the configured maximum.</summary>
/// <param name="Sessions">Live sessions on the node.</param>
/// <param name="MaxSessions">The node's session limit; 0 or less means "no limit" (full weight).</param>
public readonly record struct NodeLoad(int Sessions, int MaxSessions);
