using System.Net;

namespace SstpFarm.ControlPlane.Sessions;

/// <summary>One live session as the cluster sees it. Immutable: updates replace the record.</summary>
/// <param name="SessionId">Unique across the cluster.</param>
/// <param name="UserName">The authenticated user.</param>
/// <param name="NodeId">The node that terminates the session.</param>
/// <param name="InnerAddress">The address leased from the pool (null until IPCP assigned one).</param>
/// <param name="ClientEndPoint">The client's address as seen by the node (from PROXY v2 when behind a balancer).</param>
/// <param name="StartedAt">When the session was registered.</param>
public sealed record SessionRecord(string SessionId, string UserName, string NodeId, IPAddress? InnerAddress, IPEndPoint? ClientEndPoint, DateTimeOffset StartedAt)
{
    /// <summary>Bytes received from the client (counters are absolute, so a repeated update is harmless).</summary>
    public long BytesIn { get; init; }

    /// <summary>Bytes sent to the client.</summary>
    public long BytesOut { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
