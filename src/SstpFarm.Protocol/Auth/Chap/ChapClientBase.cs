using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>
/// The CHAP peer side shared by CHAP-MD5 and MS-CHAPv2 clients. The authenticator drives the
/// exchange: every new Challenge gets a Response, a retransmitted Challenge (same Identifier)
/// gets the very same Response again, and Success / Failure count only with the Identifier of
/// our latest Response (RFC 1994 §4).
/// </summary>
public abstract class ChapClientBase : PppAuthExchange
{
    private const int MaxValueSize = 64;
    private const int MaxNameBytes = 255;

    private readonly byte[] name;
    private byte[]? lastResponse;

    private protected ChapClientBase(AuthMethod method, IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, string userName)
        : base(method, AuthProtocolNumbers.Chap, output, listener, options)
    {
        ArgumentNullException.ThrowIfNull(userName);
        name = Encoding.UTF8.GetBytes(userName);
        if (name.Length > MaxNameBytes)
        {
            throw new ArgumentException("The CHAP Name is limited to 255 bytes here.", nameof(userName));
        }

        UserName = userName;
    }

    /// <summary>Our Name as sent in the Response (UTF-8).</summary>
    private protected ReadOnlySpan<byte> NameBytes => name;

    // The peer waits for the authenticator's Challenge (RFC 1994 §2).
    private protected override void OnStarted(long nowMs)
    {
    }

    private protected override void OnReceive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (State != AuthState.Authenticating || ChapPacket.TryParse(packet, out ChapPacket received) != OperationStatus.Done)
        {
            return;
        }

        bool answersOurResponse = lastResponse is not null && lastResponse[1] == received.Identifier;
        switch (received.Code)
        {
            case ChapCode.Challenge when answersOurResponse:
                Send(lastResponse);
                break;
            case ChapCode.Challenge:
                Respond(received);
                break;
            case ChapCode.Success when answersOurResponse:
                OnSuccess(received.Message);
                break;
            case ChapCode.Failure when answersOurResponse:
                OnFailure(received.Message);
                break;
        }
    }

    /// <summary>Writes the Response Value for a new Challenge; returns its length, or 0 to ignore the Challenge.</summary>
    private protected abstract int ComputeResponseValue(byte identifier, ReadOnlySpan<byte> challenge, Span<byte> value);

    /// <summary>Success for our latest Response; decide and finish.</summary>
    private protected abstract void OnSuccess(ReadOnlySpan<byte> message);

    private protected virtual void OnFailure(ReadOnlySpan<byte> message) => Fail(AuthFailureReason.CredentialsRejected);

    private void Respond(ChapPacket challenge)
    {
        Span<byte> value = stackalloc byte[MaxValueSize];
        int valueLength = ComputeResponseValue(challenge.Identifier, challenge.Value, value);
        if (valueLength == 0)
        {
            return;
        }

        Span<byte> packet = stackalloc byte[AuthPacket.HeaderSize + 1 + MaxValueSize + MaxNameBytes];
        int length = ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Response, challenge.Identifier, value[..valueLength], name);
        lastResponse = packet[..length].ToArray();
        Send(lastResponse);
    }
}
