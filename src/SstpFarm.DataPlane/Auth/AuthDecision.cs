namespace SstpFarm.DataPlane.Auth;

/// <summary>What the session tells its PPP link about one set of credentials.</summary>
public enum AuthDecisionKind
{
    /// <summary>Verify against <see cref="AuthDecision.Secret"/> as an NT hash (PAP, MS-CHAPv2, EAP-MSCHAPv2).</summary>
    VerifyWithNtHash,

    /// <summary>Verify against <see cref="AuthDecision.Secret"/> as the clear secret (CHAP-MD5).</summary>
    VerifyWithSecret,

    /// <summary>Refuse without verifying (the user or the source address is blocked).</summary>
    Refuse,
}

/// <summary>A provider's answer to a verification request.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Secret">The NT hash or clear secret to verify with; empty for <see cref="AuthDecisionKind.Refuse"/>.</param>
/// <param name="UserName">The name the user is known by (domain prefix removed) for address allocation.</param>
public readonly record struct AuthDecision(AuthDecisionKind Kind, ReadOnlyMemory<byte> Secret, string UserName)
{
    public static AuthDecision Refused(string userName) => new(AuthDecisionKind.Refuse, ReadOnlyMemory<byte>.Empty, userName);
}
