using Microsoft.Extensions.Hosting;

namespace SstpFarm.Api;

/// <summary>
/// Replaces the default console lifetime of the API's web host: the node owns SIGTERM/SIGINT and
/// stops the API itself, so the API host must neither hook the signals nor print its own banner.
/// </summary>
internal sealed class ApiHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
