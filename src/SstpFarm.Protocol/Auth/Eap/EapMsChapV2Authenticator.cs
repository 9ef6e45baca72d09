using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Eap;

/// <summary>
/// EAP authenticator (RFC 3748) running EAP-MSCHAPv2 (ppp.md §10): Identity → Challenge →
/// Response → Success-Request → Success-Response → EAP-Success. Every Request has a new
/// Identifier and is retransmitted until answered; a repeated last Response after the end gets
/// the same EAP-Success / EAP-Failure. The HLAK equals plain MS-CHAPv2's (crypto-binding.md §5.3).
/// </summary>
public sealed class EapMsChapV2Authenticator : PppAuthenticator, IMsChapV2Authenticator
{
    private const int MaxPacketSize = AuthPacket.HeaderSize + 1 + 4 + MsChapV2ServerMessages.MaxLength + 1 + 16;

    private readonly IRandomSource random;
    private readonly byte[] challenge = new byte[MsChapV2Algorithms.ChallengeSize];
    private byte identifier;
    private byte msChapV2Id;
    private Phase phase;
    private AuthResult? outcome;

    public EapMsChapV2Authenticator(IPppOutput output, IAuthenticatorListener listener, PppAuthOptions options, IRandomSource random)
        : base(AuthMethod.EapMsChapV2, AuthProtocolNumbers.Eap, output, listener, options)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
    }

    private enum Phase
    {
        Identity,
        Challenge,
        SuccessRequest,
        FailureRequest,
    }

    public void Accept(MsChapV2VerificationRequest request, ReadOnlySpan<byte> authenticatorResponse, ReadOnlySpan<byte> hlak, long nowMs)
    {
        MsChapV2ServerMessages.CheckAcceptance(authenticatorResponse, hlak);
        if (!TryTakePending(request, nowMs))
        {
            return;
        }

        Span<byte> message = stackalloc byte[MsChapV2ServerMessages.MaxLength];
        int length = MsChapV2ServerMessages.WriteSuccess(message, authenticatorResponse, Options);
        SendResultRequest(Phase.SuccessRequest, EapMsChapV2OpCode.Success, message[..length], AuthResult.Success(Method, request.UserName, hlak), nowMs);
    }

    public void Reject(MsChapV2VerificationRequest request, MsChapV2ErrorCode error, long nowMs)
    {
        if (TryTakePending(request, nowMs))
        {
            SendFailureRequest(request, error, nowMs);
        }
    }

    private protected override void SendRejection(AuthVerificationRequest request, long nowMs) =>
        SendFailureRequest(request, MsChapV2ErrorCode.ERROR_AUTHENTICATION_FAILURE, nowMs);

    private protected override void OnStarted(long nowMs)
    {
        Span<byte> id = stackalloc byte[1];
        random.Fill(id);
        identifier = id[0];
        phase = Phase.Identity;
        Span<byte> packet = stackalloc byte[AuthPacket.HeaderSize + 1];
        int length = EapPacket.WriteRequestOrResponse(packet, EapCode.Request, identifier, EapType.Identity, default);
        SendRetransmitted(packet[..length], nowMs);
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (EapPacket.TryParse(packet, out EapPacket response) != OperationStatus.Done
            || response.Code != EapCode.Response
            || response.Identifier != identifier)
        {
            return;
        }

        if (State is AuthState.Succeeded or AuthState.Failed)
        {
            ReplayFinalReply(response.Identifier);
            return;
        }

        if (State != AuthState.Authenticating)
        {
            return;
        }

        if (response.Type == EapType.Nak)
        {
            // RFC 3748 §5.3.1: the peer wants another method; we offer only EAP-MSCHAPv2.
            Conclude(AuthResult.Failure(Method, UserName, AuthFailureReason.MethodRefused), EapCode.Failure);
            return;
        }

        switch (phase)
        {
            case Phase.Identity when response.Type == EapType.Identity:
                UserName = Encoding.UTF8.GetString(response.TypeData);
                SendChallenge(nowMs);
                break;
            case Phase.Challenge when response.Type == EapType.MsChapV2:
                OnMsChapV2Response(response.TypeData);
                break;
            case Phase.SuccessRequest or Phase.FailureRequest when response.Type == EapType.MsChapV2:
                if (EapMsChapV2Data.TryParse(response.TypeData, out EapMsChapV2Data data) == OperationStatus.Done
                    && data.OpCode == (phase == Phase.SuccessRequest ? EapMsChapV2OpCode.Success : EapMsChapV2OpCode.Failure))
                {
                    Conclude(outcome!, phase == Phase.SuccessRequest ? EapCode.Success : EapCode.Failure);
                }

                break;
        }
    }

    private void SendChallenge(long nowMs)
    {
        identifier++;
        msChapV2Id = identifier;
        random.Fill(challenge);
        Span<byte> name = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int nameLength = Encoding.UTF8.GetBytes(Options.ServerName, name);
        Span<byte> packet = stackalloc byte[MaxPacketSize];
        int length = EapMsChapV2Data.WriteChallengeOrResponse(
            packet, EapCode.Request, identifier, EapMsChapV2OpCode.Challenge, msChapV2Id, challenge, name[..nameLength]);
        phase = Phase.Challenge;
        SendRetransmitted(packet[..length], nowMs);
    }

    private void OnMsChapV2Response(ReadOnlySpan<byte> typeData)
    {
        if (EapMsChapV2Data.TryParse(typeData, out EapMsChapV2Data data) != OperationStatus.Done
            || data.OpCode != EapMsChapV2OpCode.Response
            || data.MsChapV2Id != msChapV2Id
            || !AuthPacket.TryReadLengthPrefixed(data.Data, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> name)
            || MsChapV2ResponseValue.TryParse(value, out MsChapV2ResponseValue response) != OperationStatus.Done)
        {
            return;
        }

        RequestVerification(new MsChapV2VerificationRequest(
            AuthMethod.EapMsChapV2, name, msChapV2Id, challenge, response.PeerChallenge, response.NtResponse, response.Flags));
    }

    private void SendFailureRequest(AuthVerificationRequest request, MsChapV2ErrorCode error, long nowMs)
    {
        Span<byte> message = stackalloc byte[MsChapV2ServerMessages.MaxLength];
        int length = MsChapV2ServerMessages.WriteFailure(message, error, Options, random);
        SendResultRequest(
            Phase.FailureRequest,
            EapMsChapV2OpCode.Failure,
            message[..length],
            AuthResult.Failure(Method, request.UserName, AuthFailureReason.CredentialsRejected),
            nowMs);
    }

    // The MS-CHAPv2 verdict goes out as an EAP Request that the peer acknowledges ([MS-CHAP] §2.2);
    // only then does the EAP-Success / EAP-Failure end the exchange.
    private void SendResultRequest(Phase next, EapMsChapV2OpCode opCode, ReadOnlySpan<byte> message, AuthResult result, long nowMs)
    {
        outcome = result;
        phase = next;
        State = AuthState.Authenticating;
        identifier++;
        Span<byte> packet = stackalloc byte[MaxPacketSize];
        int length = EapMsChapV2Data.WriteMessage(packet, identifier, opCode, msChapV2Id, message);
        SendRetransmitted(packet[..length], nowMs);
    }

    private void Conclude(AuthResult result, EapCode code)
    {
        Span<byte> packet = stackalloc byte[AuthPacket.HeaderSize];
        EapPacket.WriteResult(packet, code, identifier);
        FinishWithReply(result, packet);
    }
}
