using System.CommandLine;

namespace SstpFarm.Ctl.Commands;

/// <summary>A string option that is "" when absent: the API's filters treat "" as "any".</summary>
internal static class TextOption
{
    public static Option<string> Create(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => string.Empty,
    };
}
