using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Pap;

/// <summary>
/// PAP authenticator (RFC 1334 §2). The peer drives PAP and retransmits its Authenticate-Request;
/// the server only answers, with the request's Identifier, and answers a repeated request after
/// the decision with the same Ack or Nak (ppp.md §6). HLAK: 32 zeros.
/// </summary>
public sealed class PapAuthenticator : PppAuthenticator
{
    private byte requestIdentifier;

    public PapAuthenticator(IPppOutput output, IAuthenticatorListener listener, PppAuthOptions options)
        : base(AuthMethod.Pap, AuthProtocolNumbers.Pap, output, listener, options)
    {
    }

    /// <summary>Accepts the credentials: sends Authenticate-Ack.</summary>
    public void Accept(PapVerificationRequest request, long nowMs)
    {
        if (TryTakePending(request, nowMs))
        {
            Reply(PapCode.AuthenticateAck, Options.SuccessText, AuthResult.SuccessWithoutKeys(Method, request.UserName));
        }
    }

    /// <summary>Decides against the user store's NT hash (<see cref="LocalVerifier.VerifyPap"/>).</summary>
    public void CompleteWithNtHash(PapVerificationRequest request, ReadOnlySpan<byte> storedNtHash, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (LocalVerifier.VerifyPap(request.Password, storedNtHash))
        {
            Accept(request, nowMs);
        }
        else
        {
            Reject(request, nowMs);
        }
    }

    // RFC 1334 §2.1: the authenticator sends nothing until the peer's request arrives.
    private protected override void OnStarted(long nowMs)
    {
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (PapPacket.TryParse(packet, out PapPacket request) != OperationStatus.Done || request.Code != PapCode.AuthenticateRequest)
        {
            return;
        }

        switch (State)
        {
            case AuthState.Authenticating:
                requestIdentifier = request.Identifier;
                RequestVerification(new PapVerificationRequest(request.PeerId, request.Password));
                break;
            case AuthState.Succeeded or AuthState.Failed:
                ReplayFinalReply(request.Identifier);
                break;
        }
    }

    private protected override void SendRejection(AuthVerificationRequest request, long nowMs) =>
        Reply(PapCode.AuthenticateNak, Options.FailureText, AuthResult.Failure(Method, request.UserName, AuthFailureReason.CredentialsRejected));

    private void Reply(PapCode code, string text, AuthResult result)
    {
        Span<byte> message = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int messageLength = Encoding.UTF8.GetBytes(text, message);
        Span<byte> packet = stackalloc byte[AuthPacket.HeaderSize + 1 + PppAuthOptions.MaxTextBytes];
        int length = PapPacket.WriteReply(packet, code, requestIdentifier, message[..messageLength]);
        FinishWithReply(result, packet[..length]);
    }
}
