using SstpFarm.ControlPlane.Commands;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>An <see cref="INodeCommands"/> whose sends and acknowledgements are counted and timed (<c>commands.*</c>); the long-lived read stream is not.</summary>
internal sealed class InstrumentedNodeCommands(INodeCommands inner, ControlPlaneMetrics metrics) : INodeCommands
{
    public string LocalNodeId => inner.LocalNodeId;

    public ValueTask<NodeCommandStatus> SendAsync(NodeCommand command, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("commands.send", () => inner.SendAsync(command, cancellationToken), s => s == NodeCommandStatus.Unavailable);

    public IAsyncEnumerable<NodeCommand> ReadAllAsync(CancellationToken cancellationToken = default) => inner.ReadAllAsync(cancellationToken);

    public ValueTask AcknowledgeAsync(string commandId, CancellationToken cancellationToken = default) =>
        metrics.MeasureAsync("commands.acknowledge", () => inner.AcknowledgeAsync(commandId, cancellationToken));
}
