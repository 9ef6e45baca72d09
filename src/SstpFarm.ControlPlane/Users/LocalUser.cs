using System.Net;

namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// A user of the local user file. Holds the NT hash (MD4 of the UTF-16LE password), which is
/// all PAP and MS-CHAPv2 need; the password itself is never stored. Secrets stay out of
/// <see cref="ToString"/>.
/// </summary>
public sealed class LocalUser
{
    public const int NtHashLength = 16;

    private readonly byte[] _ntHash;

    /// <param name="name">The name as the client sends it.</param>
    /// <param name="ntHash">16 bytes: MD4(UTF-16LE(password)) (RFC 2759 §8.3 NtPasswordHash).</param>
    /// <param name="staticAddress">An IPv4 address this user always gets, or null for the pool.</param>
    /// <param name="reversibleSecret">
    /// The password in the clear, kept only when the operator asked for CHAP-MD5, which needs it
    /// (RFC 1994 §4.1). Anyone who can read the user file can read it: weaker than the hash.
    /// </param>
    public LocalUser(string name, ReadOnlySpan<byte> ntHash, IPAddress? staticAddress = null, string? reversibleSecret = null)
    {
        string? error = UserNames.Validate(name);
        if (error is not null)
        {
            throw new ArgumentException($"user name {error}", nameof(name));
        }

        if (ntHash.Length != NtHashLength)
        {
            throw new ArgumentException($"an NT hash is {NtHashLength} bytes, not {ntHash.Length}", nameof(ntHash));
        }

        Name = name;
        _ntHash = ntHash.ToArray();
        StaticAddress = staticAddress;
        ReversibleSecret = reversibleSecret;
    }

    public string Name { get; }

    public ReadOnlySpan<byte> NtHash => _ntHash;

    public IPAddress? StaticAddress { get; }

    public string? ReversibleSecret { get; }

    public override string ToString() =>
        $"{Name} (static address: {StaticAddress?.ToString() ?? "none"}, reversible secret: {(ReversibleSecret is null ? "no" : "yes")})";
}
