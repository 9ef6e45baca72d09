using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Eap;

/// <summary>
/// EAP peer (RFC 3748) for EAP-MSCHAPv2: answers Identity with the user name, the MS-CHAPv2
/// Challenge like <see cref="MsChapV2Client"/>, checks the Success-Request's authenticator
/// response, and succeeds on EAP-Success. Other methods are answered with a Legacy Nak asking
/// for type 26; a repeated Request gets the same Response (RFC 3748 §4.1).
/// </summary>
public sealed class EapMsChapV2Client : PppAuthExchange
{
    private const int MaxNameBytes = 255;
    private const int MaxPacketSize = AuthPacket.HeaderSize + 1 + 4 + 1 + MsChapV2ResponseValue.Size + MaxNameBytes;

    private readonly IRandomSource random;
    private readonly MsChapV2PeerSecrets secrets;
    private readonly byte[] name;
    private readonly byte[] hlak = new byte[SstpHlak.Size];
    private byte[]? lastResponse;
    private bool serverAuthenticated;

    public EapMsChapV2Client(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, IRandomSource random, string userName, string password)
        : base(AuthMethod.EapMsChapV2, AuthProtocolNumbers.Eap, output, listener, options)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(userName);
        this.random = random;
        secrets = new MsChapV2PeerSecrets(MsChapV2PeerSecrets.HashOf(password));
        name = Encoding.UTF8.GetBytes(userName);
        if (name.Length > MaxNameBytes)
        {
            throw new ArgumentException("The user name is limited to 255 bytes here.", nameof(userName));
        }

        UserName = userName;
    }

    // The authenticator drives EAP (RFC 3748 §2).
    private protected override void OnStarted(long nowMs)
    {
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (State != AuthState.Authenticating || EapPacket.TryParse(packet, out EapPacket received) != OperationStatus.Done)
        {
            return;
        }

        switch (received.Code)
        {
            case EapCode.Request when lastResponse is not null && lastResponse[1] == received.Identifier:
                Send(lastResponse);
                break;
            case EapCode.Request:
                OnRequest(received);
                break;
            case EapCode.Success when serverAuthenticated:
                Finish(AuthResult.Success(Method, UserName, hlak), default);
                break;
            case EapCode.Success:
                // Success without MS-CHAPv2 mutual authentication leaves no HLAK to bind.
                Fail(AuthFailureReason.ProtocolViolation);
                break;
            case EapCode.Failure:
                Fail(AuthFailureReason.CredentialsRejected);
                break;
        }
    }

    private void OnRequest(EapPacket request)
    {
        Span<byte> packet = stackalloc byte[MaxPacketSize];
        int length;
        switch (request.Type)
        {
            case EapType.Identity:
                length = EapPacket.WriteRequestOrResponse(packet, EapCode.Response, request.Identifier, EapType.Identity, name);
                break;
            case EapType.Notification:
                length = EapPacket.WriteRequestOrResponse(packet, EapCode.Response, request.Identifier, EapType.Notification, default);
                break;
            case EapType.MsChapV2:
                length = OnMsChapV2Request(request, packet);
                break;
            default:
                ReadOnlySpan<byte> wanted = [(byte)EapType.MsChapV2];
                length = EapPacket.WriteRequestOrResponse(packet, EapCode.Response, request.Identifier, EapType.Nak, wanted);
                break;
        }

        if (length == 0)
        {
            return;
        }

        lastResponse = packet[..length].ToArray();
        Send(lastResponse);
    }

    private int OnMsChapV2Request(EapPacket request, Span<byte> packet)
    {
        if (EapMsChapV2Data.TryParse(request.TypeData, out EapMsChapV2Data data) != OperationStatus.Done)
        {
            return 0;
        }

        switch (data.OpCode)
        {
            case EapMsChapV2OpCode.Challenge:
                Span<byte> value = stackalloc byte[MsChapV2ResponseValue.Size];
                if (!AuthPacket.TryReadLengthPrefixed(data.Data, out ReadOnlySpan<byte> challenge, out _)
                    || secrets.WriteResponseValue(challenge, name, random, value) == 0)
                {
                    return 0;
                }

                return EapMsChapV2Data.WriteChallengeOrResponse(
                    packet, EapCode.Response, request.Identifier, EapMsChapV2OpCode.Response, data.MsChapV2Id, value, name);

            case EapMsChapV2OpCode.Success:
                if (!secrets.IsAuthenticSuccess(data.Data))
                {
                    Fail(AuthFailureReason.AuthenticatorResponseMismatch);
                    return 0;
                }

                secrets.DeriveHlakAndForget(hlak);
                serverAuthenticated = true;
                return EapMsChapV2Data.WriteOpCodeOnly(packet, request.Identifier, EapMsChapV2OpCode.Success);

            case EapMsChapV2OpCode.Failure:
                int length = EapMsChapV2Data.WriteOpCodeOnly(packet, request.Identifier, EapMsChapV2OpCode.Failure);
                Send(packet[..length]);
                Fail(AuthFailureReason.CredentialsRejected);
                return 0;

            default:
                return 0;
        }
    }
}
