namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// How a verifier answers an MS-CHAPv2 verification request, the same for PPP MS-CHAPv2 and
/// EAP-MSCHAPv2, so one RADIUS or user-store backend serves both.
/// </summary>
public interface IMsChapV2Authenticator
{
    /// <summary>
    /// Accepts with what the verifier computed: the 42-byte "S=…" authenticator response and the
    /// 32-byte HLAK (for RADIUS: <see cref="SstpHlak.FromMppeKeys"/> of MS-MPPE-Recv-Key and -Send-Key).
    /// </summary>
    void Accept(MsChapV2VerificationRequest request, ReadOnlySpan<byte> authenticatorResponse, ReadOnlySpan<byte> hlak, long nowMs);

    /// <summary>Rejects with an RFC 2759 §6 error (account disabled, no dial-in permission, …).</summary>
    void Reject(MsChapV2VerificationRequest request, MsChapV2ErrorCode error, long nowMs);
}

/// <summary>Local user-store verification for any <see cref="IMsChapV2Authenticator"/>.</summary>
public static class MsChapV2AuthenticatorExtensions
{
    /// <summary>Decides against the user store's NT hash, deriving the authenticator response and HLAK locally.</summary>
    public static void CompleteWithNtHash(this IMsChapV2Authenticator authenticator, MsChapV2VerificationRequest request, ReadOnlySpan<byte> storedNtHash, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> authenticatorResponse = stackalloc byte[MsChapV2Algorithms.AuthenticatorResponseLength];
        Span<byte> hlak = stackalloc byte[SstpHlak.Size];
        if (LocalVerifier.VerifyMsChapV2(
                storedNtHash, request.AuthenticatorChallenge, request.PeerChallenge, request.RawUserName, request.NtResponse, authenticatorResponse, hlak))
        {
            authenticator.Accept(request, authenticatorResponse, hlak, nowMs);
        }
        else
        {
            authenticator.Reject(request, MsChapV2ErrorCode.ERROR_AUTHENTICATION_FAILURE, nowMs);
        }
    }
}
