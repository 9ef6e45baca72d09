using System.Text.Json;

namespace SstpFarm.Host.Configuration;

/// <summary>
/// Reads the JSON config file: one object whose keys are exactly the long option names
/// ("listen", "pool", "no-tls", ...). Comments and trailing commas are allowed; unknown or
/// repeated keys are errors, so a typo is never silently ignored.
/// </summary>
public static class ConfigFile
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static Dictionary<string, ConfigValue> Read(string path, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        string source = $"file {path}";
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError("config", path, $"cannot be read: {e.Message}"));
            return values;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, Options);
        }
        catch (JsonException e)
        {
            errors.Add(new ConfigError("config", path, $"is not valid JSON (line {e.LineNumber + 1})"));
            return values;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ConfigError("config", path, "must hold one JSON object of \"key\": value pairs"));
                return values;
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                ConfigKey? key = ConfigKeys.Find(property.Name);
                if (key is null)
                {
                    string? hint = ConfigKeys.Suggest(property.Name);
                    errors.Add(new ConfigError(property.Name, null, $"unknown key in {path}{(hint is null ? string.Empty : $" (did you mean '{hint}'?)")}"));
                    continue;
                }

                if (values.ContainsKey(key.Name))
                {
                    errors.Add(new ConfigError(key.Name, null, $"appears more than once in {path}"));
                    continue;
                }

                string? error = ToItems(key, property.Value, out List<string> items);
                if (error is not null)
                {
                    errors.Add(new ConfigError(key.Name, key.Secret ? ConfigKey.Redacted : property.Value.GetRawText(), error));
                    continue;
                }

                values[key.Name] = new ConfigValue(items, source);
            }
        }

        return values;
    }

    private static string? ToItems(ConfigKey key, JsonElement value, out List<string> items)
    {
        items = [];
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                items.Add(value.GetString()!);
                return null;
            case JsonValueKind.Number when key.Kind is ConfigKeyKind.Number or ConfigKeyKind.Text:
                items.Add(value.GetRawText());
                return null;
            case JsonValueKind.True or JsonValueKind.False when key.Kind == ConfigKeyKind.Flag:
                items.Add(value.ValueKind == JsonValueKind.True ? "true" : "false");
                return null;
            case JsonValueKind.Array when key.Kind == ConfigKeyKind.List:
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return "must be an array of strings";
                    }

                    items.Add(item.GetString()!);
                }

                return null;
            default:
                return key.Kind switch
                {
                    ConfigKeyKind.Flag => "must be true or false",
                    ConfigKeyKind.List => "must be a string or an array of strings",
                    ConfigKeyKind.Number => "must be a number",
                    _ => "must be a string",
                };
        }
    }
}
