using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// MS-CHAPv2 authenticator (RFC 2759) over CHAP 0xC223. Success carries
/// <c>S=&lt;40 HEX&gt; M=&lt;text&gt;</c>; Failure carries <c>E=… R=0 C=&lt;32 hex&gt; V=3 M=…</c>
/// (no retry: the session closes LCP). The HLAK is KeyM2 ‖ KeyM3 (crypto-binding.md §5.2).
/// </summary>
public sealed class MsChapV2Authenticator : ChapAuthenticatorBase
{
    public MsChapV2Authenticator(IPppOutput output, IAuthenticatorListener listener, PppAuthOptions options, IRandomSource random)
        : base(AuthMethod.MsChapV2, output, listener, options, random)
    {
    }

    /// <summary>
    /// Accepts with what the verifier computed: the 42-byte "S=…" authenticator response and the
    /// 32-byte HLAK (for RADIUS: <see cref="SstpHlak.FromMppeKeys"/> of MS-MPPE-Recv-Key and -Send-Key).
    /// </summary>
    public void Accept(MsChapV2VerificationRequest request, ReadOnlySpan<byte> authenticatorResponse, ReadOnlySpan<byte> hlak, long nowMs)
    {
        if (authenticatorResponse.Length != MsChapV2Algorithms.AuthenticatorResponseLength || hlak.Length != SstpHlak.Size)
        {
            throw new ArgumentException("MS-CHAPv2 acceptance needs the 42-byte authenticator response and the 32-byte HLAK.");
        }

        if (!TryTakePending(request, nowMs))
        {
            return;
        }

        Span<byte> text = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int textLength = Encoding.UTF8.GetBytes(Options.SuccessText, text);
        Span<byte> message = stackalloc byte[MsChapV2Algorithms.AuthenticatorResponseLength + 3 + PppAuthOptions.MaxTextBytes];
        int length = MsChapV2SuccessMessage.Format(message, authenticatorResponse, text[..textLength]);
        Reply(ChapCode.Success, message[..length], AuthResult.Success(Method, request.UserName, hlak));
    }

    /// <summary>Decides against the user store's NT hash, deriving the authenticator response and HLAK locally.</summary>
    public void CompleteWithNtHash(MsChapV2VerificationRequest request, ReadOnlySpan<byte> storedNtHash, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> authenticatorResponse = stackalloc byte[MsChapV2Algorithms.AuthenticatorResponseLength];
        Span<byte> hlak = stackalloc byte[SstpHlak.Size];
        if (LocalVerifier.VerifyMsChapV2(
                storedNtHash, request.AuthenticatorChallenge, request.PeerChallenge, request.RawUserName, request.NtResponse, authenticatorResponse, hlak))
        {
            Accept(request, authenticatorResponse, hlak, nowMs);
        }
        else
        {
            Reject(request, MsChapV2ErrorCode.ERROR_AUTHENTICATION_FAILURE, nowMs);
        }
    }

    /// <summary>Rejects with a specific RFC 2759 §6 error (account disabled, no dial-in permission, …).</summary>
    public void Reject(MsChapV2VerificationRequest request, MsChapV2ErrorCode error, long nowMs)
    {
        if (TryTakePending(request, nowMs))
        {
            SendFailure(request, error);
        }
    }

    private protected override void OnResponse(ChapPacket response)
    {
        if (MsChapV2ResponseValue.TryParse(response.Value, out MsChapV2ResponseValue value) != OperationStatus.Done)
        {
            return;
        }

        RequestVerification(new MsChapV2VerificationRequest(
            AuthMethod.MsChapV2, response.Name, response.Identifier, Challenge, value.PeerChallenge, value.NtResponse, value.Flags));
    }

    private protected override void SendRejection(AuthVerificationRequest request) =>
        SendFailure(request, MsChapV2ErrorCode.ERROR_AUTHENTICATION_FAILURE);

    private void SendFailure(AuthVerificationRequest request, MsChapV2ErrorCode error)
    {
        // C= is mandatory even with R=0 (interop #33); a fresh challenge, never the used one.
        Span<byte> nextChallenge = stackalloc byte[ChallengeSize];
        Random.Fill(nextChallenge);
        Span<byte> text = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int textLength = Encoding.UTF8.GetBytes(Options.FailureText, text);
        Span<byte> message = stackalloc byte[64 + PppAuthOptions.MaxTextBytes];
        int length = MsChapV2FailureMessage.Format(message, error, retry: false, nextChallenge, text[..textLength]);
        Reply(ChapCode.Failure, message[..length], AuthResult.Failure(Method, request.UserName, AuthFailureReason.CredentialsRejected));
    }
}
