using System.Net;

namespace SstpFarm.ControlPlane.Pools;

/// <summary>An address held by one session.</summary>
public sealed record IpLease(IPAddress Address, string SessionId, string UserName, string NodeId, IpLeaseKind Kind, DateTimeOffset GrantedAt);
