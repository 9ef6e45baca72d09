using SstpFarm.Host.Options;

namespace SstpFarm.Host.Configuration;

/// <summary>Validated options (when <see cref="Errors"/> is empty) and where each key's value came from.</summary>
public sealed record ConfigLoadResult(SstpFarmOptions Options, IReadOnlyList<ConfigError> Errors, IReadOnlyDictionary<string, string> Sources)
{
    public bool Succeeded => Errors.Count == 0;
}
