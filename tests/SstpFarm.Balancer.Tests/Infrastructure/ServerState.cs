using System.Globalization;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>One row of `show servers state` (management guide §9.3), by column name.</summary>
internal sealed class ServerState(IReadOnlyDictionary<string, string> columns)
{
    // srv_admin_state bits (HAProxy's SRV_ADMF_*): forced/inherited/config maintenance, forced/inherited drain, ...
    private const int MaintMask = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
    private const int DrainMask = 0x08 | 0x10;

    public string Name => columns["srv_name"];

    /// <summary>srv_op_state: 0 stopped, 1 starting, 2 running, 3 stopping.</summary>
    public int OperationalState => Number("srv_op_state");

    public int AdminState => Number("srv_admin_state");

    /// <summary>srv_uweight: the weight in force (the agent's percentage applied to the configured weight).</summary>
    public int Weight => Number("srv_uweight");

    public bool IsRunning => OperationalState == 2;

    public bool IsDraining => (AdminState & DrainMask) != 0;

    public bool IsInMaintenance => (AdminState & MaintMask) != 0;

    public static IReadOnlyDictionary<string, ServerState> Parse(string output)
    {
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string header = lines.FirstOrDefault(l => l.StartsWith("# be_id", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("not a `show servers state` answer: " + output);
        string[] names = header[2..].Split(' ');
        var rows = new Dictionary<string, ServerState>(StringComparer.Ordinal);
        foreach (string line in lines.Where(l => !l.StartsWith('#') && l.Contains(' ', StringComparison.Ordinal)))
        {
            string[] values = line.Split(' ');
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length && i < values.Length; i++)
            {
                columns[names[i]] = values[i];
            }

            var row = new ServerState(columns);
            rows[row.Name] = row;
        }

        return rows;
    }

    public override string ToString() => $"{Name}: op {OperationalState}, admin 0x{AdminState:x}, weight {Weight}";

    private int Number(string column) => int.Parse(columns[column], CultureInfo.InvariantCulture);
}
