using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Configuration;

/// <summary>
/// Renders the options in the config file's own syntax (JSON with comments, which the loader reads
/// back), one key per line with where its value came from; secrets are redacted.
/// </summary>
public static class EffectiveConfig
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(SstpFarmOptions options, IReadOnlyDictionary<string, string> sources) => Render(ConfigKeys.All, options, sources);

    public static string Render(IReadOnlyList<ConfigKey> keys, SstpFarmOptions options, IReadOnlyDictionary<string, string> sources)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var lines = new List<(string Text, string Source)>();
        foreach (ConfigKey key in keys)
        {
            IReadOnlyList<string> shown = key.Show(options);
            string value = key switch
            {
                _ when key.Secret => shown.Count == 0 ? "null" : Quote(ConfigKey.Redacted),
                { Kind: ConfigKeyKind.List } => $"[{string.Join(", ", shown.Select(Quote))}]",
                _ when shown.Count == 0 => "null",
                { Kind: ConfigKeyKind.Flag or ConfigKeyKind.Number } => shown[0],
                _ => Quote(shown[0]),
            };
            if (value == "null")
            {
                continue; // unset optional keys: the file format has no null, leave them out
            }

            lines.Add(($"  {Quote(key.Name)}: {value}", sources.TryGetValue(key.Name, out string? source) ? source : ConfigLoader.DefaultSource));
        }

        int width = lines.Max(l => l.Text.Length) + 2;
        var text = new StringBuilder("{\n");
        for (int i = 0; i < lines.Count; i++)
        {
            string line = i < lines.Count - 1 ? lines[i].Text + "," : lines[i].Text;
            text.Append(line.PadRight(width)).Append("// ").Append(lines[i].Source).Append('\n');
        }

        return text.Append("}\n").ToString();
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value, Json);
}
