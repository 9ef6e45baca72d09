using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>CHAP-MD5 authenticator (RFC 1994, algorithm 5). HLAK: 32 zeros.</summary>
public sealed class ChapMd5Authenticator : ChapAuthenticatorBase
{
    public ChapMd5Authenticator(IPppOutput output, IAuthenticatorListener listener, PppAuthOptions options, IRandomSource random)
        : base(AuthMethod.ChapMd5, output, listener, options, random)
    {
    }

    /// <summary>Accepts the credentials: sends Success.</summary>
    public void Accept(ChapMd5VerificationRequest request, long nowMs)
    {
        if (TryTakePending(request, nowMs))
        {
            Reply(ChapCode.Success, Options.SuccessText, AuthResult.SuccessWithoutKeys(Method, request.UserName));
        }
    }

    /// <summary>Decides with the user's clear secret (<see cref="LocalVerifier.VerifyChapMd5"/>).</summary>
    public void CompleteWithSecret(ChapMd5VerificationRequest request, ReadOnlySpan<byte> secret, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (LocalVerifier.VerifyChapMd5(request.Identifier, request.Challenge, request.Response, secret))
        {
            Accept(request, nowMs);
        }
        else
        {
            Reject(request, nowMs);
        }
    }

    private protected override void OnResponse(ChapPacket response)
    {
        // RFC 1994 §4.1: an MD5 Response Value is 16 bytes; anything else cannot be verified.
        if (response.Value.Length != ChapMd5.ResponseSize)
        {
            return;
        }

        RequestVerification(new ChapMd5VerificationRequest(response.Name, response.Identifier, Challenge, response.Value));
    }

    private protected override void SendRejection(AuthVerificationRequest request, long nowMs) =>
        Reply(ChapCode.Failure, Options.FailureText, AuthResult.Failure(Method, request.UserName, AuthFailureReason.CredentialsRejected));
}
