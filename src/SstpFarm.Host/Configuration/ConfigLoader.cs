using SstpFarm.Host.Options;

namespace SstpFarm.Host.Configuration;

/// <summary>
/// Default ← config file ← command line, per key (a list given on the command line replaces the
/// file's list), then the cross-key rules of <see cref="SstpFarmOptionsValidator"/>.
/// Every problem is collected, so an operator fixes them all in one go.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultSource = "default";
    public const string CommandLineSource = "command line";

    public static ConfigLoadResult Load(string? configPath, IReadOnlyDictionary<string, ConfigValue> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var errors = new List<ConfigError>();
        Dictionary<string, ConfigValue> merged = configPath is null ? new(StringComparer.Ordinal) : ConfigFile.Read(configPath, errors);
        foreach ((string name, ConfigValue value) in commandLine)
        {
            merged[name] = value;
        }

        var options = new SstpFarmOptions();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ConfigKey key in ConfigKeys.All)
        {
            if (!merged.TryGetValue(key.Name, out ConfigValue? value))
            {
                sources[key.Name] = DefaultSource;
                continue;
            }

            sources[key.Name] = value.Source;
            ConfigError? error = key.Apply(value.Items, options);
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        // Defaults that depend on other keys.
        options.StateDirectory = Path.GetFullPath(options.StateDirectory);
        if (options.Authentication.UsersFile is null)
        {
            options.Authentication.UsersFile = Path.Combine(options.StateDirectory, "users.json");
            sources["users"] = "default: in state-dir";
        }

        if (!options.Tls.Disabled && options.Tls.CertificatePath is null && options.Tls.KeyPath is null)
        {
            options.Tls.CertificatePath = TlsOptions.GeneratedCertificatePath(options.StateDirectory);
            options.Tls.KeyPath = TlsOptions.GeneratedKeyPath(options.StateDirectory);
            sources["cert"] = sources["key"] = "default: generated in state-dir";
        }

        if (options.Addressing.TunnelAddress is null)
        {
            sources["tunnel-address"] = "default: first pool address";
        }

        if (errors.Count == 0)
        {
            errors.AddRange(SstpFarmOptionsValidator.Validate(options, sources));
        }

        return new ConfigLoadResult(options, errors, sources);
    }
}
