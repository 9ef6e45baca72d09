using System.Globalization;
using SstpFarm.ControlPlane.Nodes;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// One agent-check answer: the state HAProxy should put the server in and, when ready, its weight as
/// a percentage of the configured weight (1..100).
/// </summary>
/// <remarks>
/// HAProxy 2.6 acts on each word at once: <c>drain</c> and <c>maint</c> set the admin state, a
/// percentage sets the weight and keeps it until changed, and only <c>ready</c> (not <c>up</c>) leaves
/// DRAIN or MAINT again — so every "ready" line carries <c>ready</c> explicitly.
/// </remarks>
public readonly record struct AgentCheckReply(AgentCheckState State, int WeightPercent)
{
    /// <summary>The smallest weight sent: 0% would mean "drain" to HAProxy, which only the admin state may say.</summary>
    public const int MinWeightPercent = 1;

    public const int MaxWeightPercent = 100;

    /// <summary>The reply for an admin state and a load: weight = the free share of the session limit.</summary>
    public static AgentCheckReply For(NodeAdminState adminState, NodeLoad load) => adminState switch
    {
        NodeAdminState.Draining => new AgentCheckReply(AgentCheckState.Drain, WeightFor(load)),
        _ => new AgentCheckReply(AgentCheckState.Ready, WeightFor(load)),
    };

    /// <summary>100% when idle, falling linearly to 1% at (or above) the session limit.</summary>
    public static int WeightFor(NodeLoad load)
    {
        if (load.MaxSessions <= 0)
        {
            return MaxWeightPercent;
        }

        long sessions = Math.Clamp(load.Sessions, 0, load.MaxSessions);
        long free = load.MaxSessions - sessions;
        // Round down so a node with any load never claims the full 100%.
        long percent = free * MaxWeightPercent / load.MaxSessions;
        return (int)Math.Clamp(percent, MinWeightPercent, MaxWeightPercent);
    }

    /// <summary>The line written to HAProxy, newline included: <c>up ready 75%</c>, <c>drain</c> or <c>maint</c>.</summary>
    public string ToLine() => State switch
    {
        AgentCheckState.Drain => "drain\n",
        AgentCheckState.Maint => "maint\n",
        _ => string.Create(CultureInfo.InvariantCulture, $"up ready {Math.Clamp(WeightPercent, MinWeightPercent, MaxWeightPercent)}%\n"),
    };
}
