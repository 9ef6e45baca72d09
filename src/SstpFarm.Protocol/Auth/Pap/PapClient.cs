using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Pap;

/// <summary>
/// PAP peer (RFC 1334 §2.1): sends Authenticate-Request when started and retransmits it, same
/// Identifier, until an Ack or Nak arrives or the transmissions run out. HLAK: 32 zeros.
/// </summary>
public sealed class PapClient : PppAuthExchange
{
    private const byte RequestIdentifier = 1;
    private const int MaxFieldBytes = byte.MaxValue;

    private readonly byte[] peerId;
    private readonly byte[] password;

    public PapClient(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, string userName, string password)
        : base(AuthMethod.Pap, AuthProtocolNumbers.Pap, output, listener, options)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        peerId = Encoding.UTF8.GetBytes(userName);
        this.password = Encoding.UTF8.GetBytes(password);
        if (peerId.Length > MaxFieldBytes || this.password.Length > MaxFieldBytes)
        {
            throw new ArgumentException("PAP Peer-ID and Password hold at most 255 bytes each.");
        }

        UserName = userName;
    }

    private protected override void OnStarted(long nowMs)
    {
        Span<byte> packet = stackalloc byte[AuthPacket.HeaderSize + 2 + (2 * MaxFieldBytes)];
        int length = PapPacket.WriteAuthenticateRequest(packet, RequestIdentifier, peerId, password);
        SendRetransmitted(packet[..length], nowMs);
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (State != AuthState.Authenticating
            || PapPacket.TryParse(packet, out PapPacket reply) != OperationStatus.Done
            || reply.Identifier != RequestIdentifier)
        {
            return;
        }

        if (reply.Code == PapCode.AuthenticateAck)
        {
            Finish(AuthResult.SuccessWithoutKeys(Method, UserName), default);
        }
        else if (reply.Code == PapCode.AuthenticateNak)
        {
            Fail(AuthFailureReason.CredentialsRejected);
        }
    }
}
