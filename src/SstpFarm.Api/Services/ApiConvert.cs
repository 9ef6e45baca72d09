using System.Security.Cryptography;
using Google.Protobuf.WellKnownTypes;
using SstpFarm.Api.V1;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.TicketKeys;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.Api.Services;

/// <summary>Control-plane records → API messages (the only place that knows both shapes).</summary>
internal static class ApiConvert
{
    public static Timestamp? Time(DateTimeOffset value) => value == default ? null : Timestamp.FromDateTimeOffset(value);

    public static Session ToMessage(SessionRecord record)
    {
        var session = new Session
        {
            SessionId = record.SessionId,
            UserName = record.UserName,
            NodeId = record.NodeId,
            InnerAddress = record.InnerAddress?.ToString() ?? string.Empty,
            ClientAddress = record.ClientEndPoint?.Address.ToString() ?? string.Empty,
            ClientPort = (uint)(record.ClientEndPoint?.Port ?? 0),
            StartedAt = Time(record.StartedAt),
            BytesIn = record.BytesIn,
            BytesOut = record.BytesOut,
            UpdatedAt = Time(record.UpdatedAt),
        };
        return session;
    }

    public static V1.Node ToMessage(NodeInfo node) => new()
    {
        NodeId = node.NodeId,
        AdminState = node.AdminState == ControlPlane.Nodes.NodeAdminState.Draining ? V1.NodeAdminState.Draining : V1.NodeAdminState.Active,
        Health = node.Health == ControlPlane.Nodes.NodeHealth.Dead ? V1.NodeHealth.Dead : V1.NodeHealth.Alive,
        StartedAt = Time(node.StartedAt),
        LastHeartbeatAt = Time(node.LastHeartbeatAt),
        SessionCount = node.SessionCount,
        Load = node.Load,
        Version = node.Version,
    };

    public static Lease ToMessage(IpLease lease) => new()
    {
        Address = lease.Address.ToString(),
        SessionId = lease.SessionId,
        UserName = lease.UserName,
        NodeId = lease.NodeId,
        Kind = lease.Kind switch
        {
            IpLeaseKind.Sticky => LeaseKind.Sticky,
            IpLeaseKind.Static => LeaseKind.Static,
            _ => LeaseKind.Dynamic,
        },
        GrantedAt = Time(lease.GrantedAt),
    };

    public static PoolUsage ToMessage(string pool, IEnumerable<Ipv4Cidr> networks, IpPoolUsage usage)
    {
        var message = new PoolUsage
        {
            Pool = pool,
            Usable = usage.Usable,
            Leased = usage.Leased,
            CoolingDown = usage.CoolingDown,
            StaticReserved = usage.StaticReserved,
            AvailableNow = usage.AvailableNow,
        };
        message.Networks.AddRange(networks.Select(n => n.ToString()));
        return message;
    }

    public static TicketKeyStatus ToMessage(TicketKeySet keys)
    {
        var status = new TicketKeyStatus { Version = keys.Version, RotatedAt = Time(keys.RotatedAt), NextRotationAt = Time(keys.NextRotationAt) };
        status.Keys.Add(new TicketKeyInfo { Role = TicketKeyRole.Previous, Fingerprint = Fingerprint(keys.Previous) });
        status.Keys.Add(new TicketKeyInfo { Role = TicketKeyRole.Current, Fingerprint = Fingerprint(keys.Current) });
        status.Keys.Add(new TicketKeyInfo { Role = TicketKeyRole.Next, Fingerprint = Fingerprint(keys.Next) });
        return status;
    }

    /// <summary>ticket_keys.proto: the first 8 bytes of SHA-256 over the key, in hex. Never the key.</summary>
    public static string Fingerprint(TicketKey key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(key.Material, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    public static User ToMessage(LocalUser user) => new()
    {
        Name = user.Name,
        StaticAddress = user.StaticAddress?.ToString() ?? string.Empty,
        ReversibleSecret = user.ReversibleSecret is not null,
    };
}
