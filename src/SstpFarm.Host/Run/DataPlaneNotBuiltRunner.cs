namespace SstpFarm.Host.Run;

/// <summary>Stands in until the data plane is wired: says so and fails, rather than pretend to serve.</summary>
public sealed class DataPlaneNotBuiltRunner : INodeRunner
{
    public async Task<int> RunAsync(NodeStartup startup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startup);
        await startup.Console.Error.WriteLineAsync("sstpfarm: configuration, certificate and users are ready, but this build has no data plane yet (listener, sessions, TUN); nothing is served").ConfigureAwait(false);
        return ExitCodes.Failure;
    }
}
