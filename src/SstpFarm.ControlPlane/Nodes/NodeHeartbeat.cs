namespace SstpFarm.ControlPlane.Nodes;

/// <summary>What a node reports about itself on each heartbeat.</summary>
/// <param name="SessionCount">Live sessions on the node.</param>
/// <param name="Load">0..1 share of the node's capacity in use (drives the balancer's weight).</param>
/// <param name="Version">The node's software version.</param>
public sealed record NodeHeartbeat(int SessionCount, double Load, string Version);
