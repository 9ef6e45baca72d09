using System.Globalization;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>
/// A lease as stored in the pool's <c>leases</c> hash: "session TAB user TAB node TAB kind TAB
/// granted-unix-ms TAB reserved(0|1)". The Lua scripts read the fields by position, so the order is fixed.
/// </summary>
internal static class LeaseCodec
{
    public static string Encode(IpLease lease, bool reservedStatic)
    {
        string[] fields = [lease.SessionId, lease.UserName, lease.NodeId];
        foreach (string field in fields)
        {
            if (field.AsSpan().IndexOfAny('\t', '\n') >= 0)
            {
                throw new ArgumentException($"'{field}' contains a tab or newline", nameof(lease));
            }
        }

        return string.Join('\t', lease.SessionId, lease.UserName, lease.NodeId, lease.Kind.ToString(), lease.GrantedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), reservedStatic ? "1" : "0");
    }

    public static IpLease? Decode(uint address, string? value)
    {
        string[]? f = value?.Split('\t');
        if (f is not { Length: 6 } || !Enum.TryParse(f[3], out IpLeaseKind kind) || !long.TryParse(f[4], CultureInfo.InvariantCulture, out long granted))
        {
            return null;
        }

        return new IpLease(Ipv4.ToAddress(address), f[0], f[1], f[2], kind, DateTimeOffset.FromUnixTimeMilliseconds(granted));
    }
}
