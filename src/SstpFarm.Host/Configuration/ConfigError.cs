namespace SstpFarm.Host.Configuration;

/// <summary>One configuration problem: which key, which value, and why it is wrong.</summary>
public sealed record ConfigError(string Key, string? Value, string Reason)
{
    /// <summary>"pool: '10.0.0.0/33' is not a CIDR: prefix length must be 0..32".</summary>
    public override string ToString() => Value is null ? $"{Key}: {Reason}" : $"{Key}: '{Value}' {Reason}";
}
