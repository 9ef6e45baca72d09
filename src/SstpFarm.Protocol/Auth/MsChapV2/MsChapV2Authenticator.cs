using System.Buffers;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// MS-CHAPv2 authenticator (RFC 2759) over CHAP 0xC223. Success carries
/// <c>S=&lt;40 HEX&gt; M=&lt;text&gt;</c>; Failure carries <c>E=… R=0 C=&lt;32 hex&gt; V=3 M=…</c>
/// (no retry: the session closes LCP). The HLAK is KeyM2 ‖ KeyM3 (crypto-binding.md §5.2).
/// </summary>
public sealed class MsChapV2Authenticator : ChapAuthenticatorBase, IMsChapV2Authenticator
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
        MsChapV2ServerMessages.CheckAcceptance(authenticatorResponse, hlak);
        if (!TryTakePending(request, nowMs))
        {
            return;
        }

        Span<byte> message = stackalloc byte[MsChapV2ServerMessages.MaxLength];
        int length = MsChapV2ServerMessages.WriteSuccess(message, authenticatorResponse, Options);
        Reply(ChapCode.Success, message[..length], AuthResult.Success(Method, request.UserName, hlak));
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

    private protected override void SendRejection(AuthVerificationRequest request, long nowMs) =>
        SendFailure(request, MsChapV2ErrorCode.ERROR_AUTHENTICATION_FAILURE);

    private void SendFailure(AuthVerificationRequest request, MsChapV2ErrorCode error)
    {
        Span<byte> message = stackalloc byte[MsChapV2ServerMessages.MaxLength];
        int length = MsChapV2ServerMessages.WriteFailure(message, error, Options, Random);
        Reply(ChapCode.Failure, message[..length], AuthResult.Failure(Method, request.UserName, AuthFailureReason.CredentialsRejected));
    }
}
