using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// Server side (authenticator) of a PPP authentication protocol. On the peer's credentials it
/// raises <see cref="IAuthenticatorListener.OnVerificationRequested"/> and waits, without
/// retransmitting, for the caller to decide; the decision may come synchronously or after a
/// RADIUS round trip. Once finished, a repeated request is answered with the same final packet.
/// </summary>
public abstract class PppAuthenticator : PppAuthExchange
{
    private readonly IAuthenticatorListener listener;
    private AuthVerificationRequest? pending;
    private byte[]? finalReply;

    private protected PppAuthenticator(AuthMethod method, ushort protocol, IPppOutput output, IAuthenticatorListener listener, PppAuthOptions options)
        : base(method, protocol, output, listener, options)
    {
        this.listener = listener;
    }

    /// <summary>Rejects the credentials with the method's default failure.</summary>
    public void Reject(AuthVerificationRequest request, long nowMs)
    {
        if (TryTakePending(request, nowMs))
        {
            SendRejection(request, nowMs);
        }
    }

    private protected abstract void SendRejection(AuthVerificationRequest request, long nowMs);

    private protected void RequestVerification(AuthVerificationRequest request)
    {
        StopRetransmitting();
        UserName = request.UserName;
        pending = request;
        State = AuthState.Verifying;
        listener.OnVerificationRequested(request);
    }

    /// <summary>
    /// True when <paramref name="request"/> is the one being verified and time remains; a late
    /// decision fails the exchange with <see cref="AuthFailureReason.Timeout"/>; a stale one is ignored.
    /// </summary>
    private protected bool TryTakePending(AuthVerificationRequest request, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (State != AuthState.Verifying || !ReferenceEquals(pending, request))
        {
            return false;
        }

        pending = null;
        if (IsPastDeadline(nowMs))
        {
            Fail(AuthFailureReason.Timeout);
            return false;
        }

        return true;
    }

    /// <summary>Finishes with <paramref name="reply"/> as the final packet, kept for <see cref="ReplayFinalReply"/>.</summary>
    private protected void FinishWithReply(AuthResult result, ReadOnlySpan<byte> reply)
    {
        finalReply = reply.ToArray();
        Finish(result, reply);
    }

    /// <summary>Resends the final packet for a repeated request (its Success may have been lost), with that request's Identifier.</summary>
    private protected void ReplayFinalReply(byte identifier)
    {
        if (finalReply is null)
        {
            return;
        }

        finalReply[1] = identifier;
        Send(finalReply);
    }
}
