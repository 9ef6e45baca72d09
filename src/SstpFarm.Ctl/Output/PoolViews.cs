using Spectre.Console;
using SstpFarm.Api.V1;

namespace SstpFarm.Ctl.Output;

/// <summary>Pools and leases as tables.</summary>
internal static class PoolViews
{
    public static Table Usage(IEnumerable<PoolUsage> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        Table table = HumanFormat.Table("POOL", "NETWORKS", "USABLE", "LEASED", "COOLING DOWN", "STATIC", "AVAILABLE");
        foreach (PoolUsage p in pools)
        {
            table.Row(HumanFormat.Text(p.Pool), string.Join(", ", p.Networks), HumanFormat.Number(p.Usable), HumanFormat.Number(p.Leased), HumanFormat.Number(p.CoolingDown), HumanFormat.Number(p.StaticReserved), HumanFormat.Number(p.AvailableNow));
        }

        return table;
    }

    public static Table Leases(IEnumerable<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(leases);
        Table table = HumanFormat.Table("ADDRESS", "KIND", "USER", "NODE", "SESSION", "GRANTED");
        foreach (Lease l in leases)
        {
            table.Row(l.Address, HumanFormat.Enum(l.Kind), HumanFormat.Text(l.UserName), HumanFormat.Text(l.NodeId), HumanFormat.Text(l.SessionId), HumanFormat.Time(l.GrantedAt));
        }

        return table;
    }
}
