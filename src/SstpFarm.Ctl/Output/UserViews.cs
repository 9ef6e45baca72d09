using Spectre.Console;
using SstpFarm.Api.V1;

namespace SstpFarm.Ctl.Output;

/// <summary>Users as tables (no secrets ever come back from the API).</summary>
internal static class UserViews
{
    public static Table List(IEnumerable<User> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        Table table = HumanFormat.Table("USER", "STATIC ADDRESS", "REVERSIBLE SECRET");
        foreach (User u in users)
        {
            table.Row(u.Name, HumanFormat.Text(u.StaticAddress), u.ReversibleSecret ? "yes" : "no");
        }

        return table;
    }
}
