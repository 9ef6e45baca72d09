namespace SstpFarm.Host.Configuration;

/// <summary>A key's raw value(s) before parsing, and where they came from ("command line", "file X").</summary>
public sealed record ConfigValue(IReadOnlyList<string> Items, string Source)
{
    public string Text => string.Join(',', Items);
}
