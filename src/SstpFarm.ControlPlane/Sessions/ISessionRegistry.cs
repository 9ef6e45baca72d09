using System.Net;

namespace SstpFarm.ControlPlane.Sessions;

/// <summary>
/// Every live session of the cluster, queryable by user, node and inner address. Nodes write it
/// behind the data path: a slow or absent store must never delay a packet or a handshake, so
/// callers treat a failed write as "retry later", and counters are absolute so retries are safe.
/// </summary>
public interface ISessionRegistry
{
    ValueTask<SessionRegistryStatus> RegisterAsync(SessionRecord session, CancellationToken cancellationToken = default);

    /// <summary>Sets the session's absolute byte counters.</summary>
    ValueTask<SessionRegistryStatus> UpdateTrafficAsync(string sessionId, long bytesIn, long bytesOut, CancellationToken cancellationToken = default);

    /// <summary>Records the inner address once IPCP assigned it.</summary>
    ValueTask<SessionRegistryStatus> UpdateAddressAsync(string sessionId, IPAddress innerAddress, CancellationToken cancellationToken = default);

    ValueTask<SessionRegistryStatus> UnregisterAsync(string sessionId, CancellationToken cancellationToken = default);

    ValueTask<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken = default);

    ValueTask<SessionRecord?> FindByAddressAsync(IPAddress innerAddress, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<SessionRecord>> FindByUserAsync(string userName, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<SessionRecord>> FindByNodeAsync(string nodeId, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<SessionRecord>> ListAsync(CancellationToken cancellationToken = default);
}
