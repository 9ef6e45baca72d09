using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>
/// The CHAP authenticator exchange shared by CHAP-MD5 (RFC 1994) and MS-CHAPv2 (RFC 2759):
/// one random 16-byte Challenge, retransmitted with the same Identifier until a Response
/// arrives (interop #27), Responses with another Identifier discarded, and a repeated Response
/// after the decision answered with the same Success or Failure (ppp.md §8.2).
/// </summary>
public abstract class ChapAuthenticatorBase : PppAuthenticator
{
    public const int ChallengeSize = 16;

    private const int MaxReplySize = AuthPacket.HeaderSize + 128 + PppAuthOptions.MaxTextBytes;

    private readonly IRandomSource random;
    private readonly byte[] challenge = new byte[ChallengeSize];

    private protected ChapAuthenticatorBase(AuthMethod method, IPppOutput output, IAuthenticatorListener listener, PppAuthOptions options, IRandomSource random)
        : base(method, AuthProtocolNumbers.Chap, output, listener, options)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
    }

    /// <summary>The Identifier of our Challenge, which the Response must echo.</summary>
    private protected byte Identifier { get; private set; }

    private protected ReadOnlySpan<byte> Challenge => challenge;

    private protected IRandomSource Random => random;

    private protected override void OnStarted(long nowMs)
    {
        Span<byte> identifier = stackalloc byte[1];
        random.Fill(identifier);
        Identifier = identifier[0];
        random.Fill(challenge);

        Span<byte> name = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int nameLength = Encoding.UTF8.GetBytes(Options.ServerName, name);
        Span<byte> packet = stackalloc byte[AuthPacket.HeaderSize + 1 + ChallengeSize + PppAuthOptions.MaxTextBytes];
        int length = ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Challenge, Identifier, challenge, name[..nameLength]);
        SendRetransmitted(packet[..length], nowMs);
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (ChapPacket.TryParse(packet, out ChapPacket response) != OperationStatus.Done
            || response.Code != ChapCode.Response
            || response.Identifier != Identifier)
        {
            return;
        }

        switch (State)
        {
            case AuthState.Authenticating:
                OnResponse(response);
                break;
            case AuthState.Succeeded or AuthState.Failed:
                ReplayFinalReply(response.Identifier);
                break;
        }
    }

    /// <summary>A well-formed Response to our Challenge arrived while authenticating.</summary>
    private protected abstract void OnResponse(ChapPacket response);

    /// <summary>Sends Success or Failure with <paramref name="message"/> and finishes.</summary>
    private protected void Reply(ChapCode code, ReadOnlySpan<byte> message, AuthResult result)
    {
        Span<byte> packet = stackalloc byte[MaxReplySize];
        int length = ChapPacket.WriteMessage(packet, code, Identifier, message);
        FinishWithReply(result, packet[..length]);
    }

    private protected void Reply(ChapCode code, string text, AuthResult result)
    {
        Span<byte> message = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int length = Encoding.UTF8.GetBytes(text, message);
        Reply(code, message[..length], result);
    }
}
