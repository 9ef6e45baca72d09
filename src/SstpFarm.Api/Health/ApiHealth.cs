using System.Collections.Concurrent;
using ServingStatus = SstpFarm.Api.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SstpFarm.Api.Health;

/// <summary>
/// What the health service reports, per service name ("" = the server as a whole). The server
/// sets every registered service SERVING when it starts and NOT_SERVING when it stops; the host
/// adds its own names (e.g. <see cref="NodeServiceName"/>, NOT_SERVING while the node drains).
/// </summary>
public sealed class ApiHealth
{
    /// <summary>The node's SSTP service: NOT_SERVING while it drains, so a balancer can follow gRPC health.</summary>
    public const string NodeServiceName = "sstpfarm.node";

    private readonly ConcurrentDictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Completes at the next change (any service); take it before reading the status, then await it.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public void Set(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        ServingStatus previous = _statuses.GetValueOrDefault(service, ServingStatus.ServiceUnknown);
        _statuses[service] = status;
        if (previous != status)
        {
            Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
        }
    }

    /// <summary>Sets every known service (the server's shutdown).</summary>
    public void SetAll(ServingStatus status)
    {
        foreach (string service in _statuses.Keys)
        {
            Set(service, status);
        }
    }

    /// <summary>The status, or null for a service never set.</summary>
    public ServingStatus? Get(string service) => _statuses.TryGetValue(service, out ServingStatus status) ? status : null;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
