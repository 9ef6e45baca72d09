using SstpFarm.Host.Options;

namespace SstpFarm.Host.Configuration;

/// <summary>
/// One setting, named the same on the command line (--name) and in the config file ("name").
/// <see cref="Apply"/> parses raw text into the options tree and says why it could not;
/// <see cref="Show"/> renders the effective value back in the same syntax.
/// </summary>
public sealed class ConfigKey
{
    public delegate bool Parser<T>(string text, out T value, out string reason);

    private readonly Func<IReadOnlyList<string>, SstpFarmOptions, ConfigError?> _apply;

    private ConfigKey(string name, ConfigKeyKind kind, string description, bool secret, Func<IReadOnlyList<string>, SstpFarmOptions, ConfigError?> apply, Func<SstpFarmOptions, IReadOnlyList<string>> show)
    {
        Name = name;
        Kind = kind;
        Description = description;
        Secret = secret;
        _apply = apply;
        Show = show;
    }

    public string Name { get; }

    public ConfigKeyKind Kind { get; }

    public string Description { get; }

    /// <summary>Never printed: shown as <see cref="Redacted"/>.</summary>
    public bool Secret { get; }

    public const string Redacted = "(redacted)";

    /// <summary>The effective value(s); empty when unset.</summary>
    public Func<SstpFarmOptions, IReadOnlyList<string>> Show { get; }

    public ConfigError? Apply(IReadOnlyList<string> items, SstpFarmOptions options) => _apply(items, options);

    public static ConfigKey Scalar<T>(string name, string description, Parser<T> parse, Action<SstpFarmOptions, T> set, Func<SstpFarmOptions, string?> show, bool secret = false, ConfigKeyKind kind = ConfigKeyKind.Text) =>
        new(name, kind, description, secret, (items, options) =>
        {
            if (items.Count != 1)
            {
                return new ConfigError(name, string.Join(',', items), "takes one value, not a list");
            }

            if (!parse(items[0], out T value, out string reason))
            {
                return new ConfigError(name, secret ? Redacted : items[0], reason);
            }

            set(options, value);
            return null;
        }, options => show(options) is { } text ? [text] : []);

    public static ConfigKey ListOf<T>(string name, string description, Parser<T> parse, Action<SstpFarmOptions, IReadOnlyList<T>> set, Func<SstpFarmOptions, IEnumerable<string>> show) =>
        new(name, ConfigKeyKind.List, description, false, (items, options) =>
        {
            var values = new List<T>();
            foreach (string item in items.SelectMany(i => i.Split(',', StringSplitOptions.TrimEntries)))
            {
                if (!parse(item, out T value, out string reason))
                {
                    return new ConfigError(name, item, reason);
                }

                values.Add(value);
            }

            set(options, values);
            return null;
        }, options => show(options).ToArray());

    public static ConfigKey Flag(string name, string description, Action<SstpFarmOptions, bool> set, Func<SstpFarmOptions, bool> show) =>
        Scalar<bool>(name, description, ValueParsers.Boolean, set, options => show(options) ? "true" : "false", kind: ConfigKeyKind.Flag);
}
