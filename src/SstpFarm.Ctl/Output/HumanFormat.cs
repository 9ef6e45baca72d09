using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using SstpFarm.Ctl.Grpc;

namespace SstpFarm.Ctl.Output;

/// <summary>Field values as people read them: UTC times, binary byte units, enum names without their prefix.</summary>
internal static class HumanFormat
{
    public const string None = "-";

    public static string Time(Timestamp? at) =>
        at is null || (at.Seconds == 0 && at.Nanos == 0) ? None : at.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? None : value;

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes.ToString(CultureInfo.InvariantCulture)} B" : $"{value.ToString("0.0", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    /// <summary>Generated enum members drop the proto prefix (NODE_HEALTH_ALIVE → Alive): "alive", "address_assigned".</summary>
    public static string Enum<T>(T value)
        where T : struct, System.Enum =>
        GrpcStatusNames.UpperSnake(value.ToString()).ToLowerInvariant();

    public static string Endpoint(string address, uint port) =>
        string.IsNullOrEmpty(address) ? None
        : port == 0 ? address
        : address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}"
        : $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A table with these column headings (plain text, never markup).</summary>
    public static Table Table(params string[] headings)
    {
        var table = new Table { Border = TableBorder.Rounded };
        foreach (string heading in headings)
        {
            table.AddColumn(new TableColumn(new Text(heading)));
        }

        return table;
    }

    /// <summary>Adds a row of plain text cells: values come from the server and must not be read as Spectre markup.</summary>
    public static void Row(this Table table, params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.AddRow(cells.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));
    }

    /// <summary>One object as "field: value" rows.</summary>
    public static Table Details(params (string Field, string Value)[] rows)
    {
        Table table = Table("FIELD", "VALUE");
        table.HideHeaders();
        foreach ((string field, string value) in rows)
        {
            table.Row(field, value);
        }

        return table;
    }
}
