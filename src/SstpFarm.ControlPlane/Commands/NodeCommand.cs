namespace SstpFarm.ControlPlane.Commands;

/// <summary>What an operator (or another node) asks a node to do.</summary>
public enum NodeCommandKind
{
    /// <summary>End one session (<see cref="NodeCommand.SessionId"/>).</summary>
    DisconnectSession,

    /// <summary>End every session of a user (<see cref="NodeCommand.UserName"/>) on the node.</summary>
    DisconnectUser,

    /// <summary>Accept no new sessions; existing ones run until they end.</summary>
    Drain,

    /// <summary>Accept new sessions again.</summary>
    Activate,
}

/// <summary>
/// One command addressed to one node. <see cref="CommandId"/> is unique: a command may be
/// delivered more than once (a push and a reconciliation can overlap), so handlers must be
/// idempotent and acknowledge by id.
/// </summary>
public sealed record NodeCommand(string CommandId, NodeCommandKind Kind, string TargetNodeId, DateTimeOffset IssuedAt, string? SessionId = null, string? UserName = null);

/// <summary>What sending a command did.</summary>
public enum NodeCommandStatus
{
    /// <summary>Stored for the target node: it will see it (now by push, or at its next reconciliation).</summary>
    Queued,

    /// <summary>The store behind the command channel could not be reached; nothing was queued.</summary>
    Unavailable,
}
