using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SstpFarm.ControlPlane.Commands;

namespace SstpFarm.ControlPlane.InMemory;

/// <summary>The command channel of a single node: its own commands are delivered at once; a single node has no peers, so commands for other nodes go nowhere.</summary>
public sealed class InMemoryNodeCommands : INodeCommands
{
    private readonly Channel<NodeCommand> _channel = Channel.CreateUnbounded<NodeCommand>(new UnboundedChannelOptions { SingleReader = true });

    public InMemoryNodeCommands(string localNodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        LocalNodeId = localNodeId;
    }

    public string LocalNodeId { get; }

    public ValueTask<NodeCommandStatus> SendAsync(NodeCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.Equals(command.TargetNodeId, LocalNodeId, StringComparison.Ordinal))
        {
            _channel.Writer.TryWrite(command);
        }

        return new(NodeCommandStatus.Queued);
    }

    public async IAsyncEnumerable<NodeCommand> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (NodeCommand command in _channel.Reader.ReadAllAsync(cancellationToken))
        {
            yield return command;
        }
    }

    public ValueTask AcknowledgeAsync(string commandId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
