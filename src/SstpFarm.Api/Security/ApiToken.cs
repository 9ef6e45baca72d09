using System.Security.Cryptography;
using System.Text;

namespace SstpFarm.Api.Security;

/// <summary>One bearer token of the token file. Only its SHA-256 is kept; <see cref="ToString"/> shows no secret.</summary>
public sealed class ApiToken
{
    public ApiToken(string name, ApiRole role, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(token);
        Name = name;
        Role = role;
        Hash = Digest(token);
    }

    public string Name { get; }

    public ApiRole Role { get; }

    /// <summary>SHA-256 of the token's UTF-8 bytes: equal-length values for a constant-time comparison.</summary>
    internal byte[] Hash { get; }

    internal static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public override string ToString() => $"{Name} ({Role.ToString().ToLowerInvariant()}, token redacted)";
}
