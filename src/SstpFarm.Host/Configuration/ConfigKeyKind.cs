namespace SstpFarm.Host.Configuration;

public enum ConfigKeyKind
{
    /// <summary>One string value.</summary>
    Text,

    /// <summary>One value written as a JSON number (strings are accepted too).</summary>
    Number,

    /// <summary>Several values: repeat the option, separate with commas, or use a JSON array.</summary>
    List,

    /// <summary>true/false; on the command line the bare option means true.</summary>
    Flag,
}
