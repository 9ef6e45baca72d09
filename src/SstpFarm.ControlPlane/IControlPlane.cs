using System.Diagnostics.CodeAnalysis;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane;

/// <summary>
/// Everything a node needs from the control plane, handed to the data plane as one object.
/// Grain-shaped: one pool object per pool name, one registry, one directory, one ring.
/// </summary>
public interface IControlPlane
{
    /// <summary>The pool configured for this node.</summary>
    IIpPool DefaultPool { get; }

    ISessionRegistry Sessions { get; }

    /// <summary>The registry's changes as they happen, farm-wide (issue 5: the operator API's session watch).</summary>
    ISessionEventFeed SessionEvents { get; }

    INodeDirectory Nodes { get; }

    ITicketKeyRing TicketKeys { get; }

    /// <summary>Commands for this node (disconnect, drain), wherever they were issued.</summary>
    INodeCommands Commands { get; }

    bool TryGetPool(string name, [NotNullWhen(true)] out IIpPool? pool);
}
