namespace SstpFarm.ControlPlane.Commands;

/// <summary>
/// Commands that reach the owning node wherever they are issued (disconnect a session or a user,
/// drain). Delivery is at-least-once: a command stays queued for its node until that node
/// acknowledges it, so a lost push is repaired by the periodic reconciliation.
/// </summary>
public interface INodeCommands
{
    /// <summary>The node whose commands <see cref="ReadAllAsync"/> yields.</summary>
    string LocalNodeId { get; }

    /// <summary>Queues a command for <see cref="NodeCommand.TargetNodeId"/>.</summary>
    ValueTask<NodeCommandStatus> SendAsync(NodeCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commands for this node, as they arrive; a command not yet acknowledged may be yielded again
    /// after a reconciliation. One reader at a time (the node's data plane).
    /// </summary>
    IAsyncEnumerable<NodeCommand> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks a command as carried out: it will not be delivered again.</summary>
    ValueTask AcknowledgeAsync(string commandId, CancellationToken cancellationToken = default);
}
