namespace SstpFarm.Protocol.Auth;

/// <summary>
/// The outcome of PPP authentication: the user and the SSTP HLAK on success (32 bytes; real keys
/// for MS-CHAPv2, zeros for PAP and CHAP-MD5, crypto-binding.md §5.1), the reason on failure.
/// </summary>
public sealed class AuthResult
{
    private readonly byte[] hlak;

    private AuthResult(bool succeeded, AuthMethod method, string userName, byte[] hlak, AuthFailureReason reason)
    {
        Succeeded = succeeded;
        Method = method;
        UserName = userName;
        this.hlak = hlak;
        FailureReason = reason;
    }

    public bool Succeeded { get; }

    public AuthMethod Method { get; }

    /// <summary>The name as the peer sent it (a <c>DOMAIN\</c> prefix kept); empty if unknown.</summary>
    public string UserName { get; }

    /// <summary>The 32-byte HLAK; all zeros on failure or for methods without keys.</summary>
    public ReadOnlySpan<byte> Hlak => hlak;

    /// <summary>Meaningful only when <see cref="Succeeded"/> is false.</summary>
    public AuthFailureReason FailureReason { get; }

    public static AuthResult Success(AuthMethod method, string userName, ReadOnlySpan<byte> hlak)
    {
        if (hlak.Length != SstpHlak.Size)
        {
            throw new ArgumentException("The HLAK is 32 bytes.", nameof(hlak));
        }

        return new AuthResult(true, method, userName, hlak.ToArray(), default);
    }

    public static AuthResult SuccessWithoutKeys(AuthMethod method, string userName) =>
        new(true, method, userName, new byte[SstpHlak.Size], default);

    public static AuthResult Failure(AuthMethod method, string userName, AuthFailureReason reason) =>
        new(false, method, userName, new byte[SstpHlak.Size], reason);

    public override string ToString() =>
        Succeeded ? $"{Method} succeeded for '{UserName}'" : $"{Method} failed for '{UserName}': {FailureReason}";
}
