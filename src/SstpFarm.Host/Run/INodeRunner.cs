namespace SstpFarm.Host.Run;

/// <summary>
/// The seam where the data plane plugs in: given a validated startup, serve until
/// the cancellation token (SIGTERM/SIGINT) fires, drain, and return the exit code.
/// </summary>
public interface INodeRunner
{
    Task<int> RunAsync(NodeStartup startup, CancellationToken cancellationToken);
}
