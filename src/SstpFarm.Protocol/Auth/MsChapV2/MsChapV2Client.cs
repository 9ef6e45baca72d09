using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// MS-CHAPv2 peer (RFC 2759): answers a Challenge with a random Peer-Challenge and the
/// NT-Response, then requires the server's Success to carry the right authenticator response
/// (RFC 2759 §5; a wrong one fails with <see cref="AuthFailureReason.AuthenticatorResponseMismatch"/>)
/// and derives the HLAK KeyM2 ‖ KeyM3 (crypto-binding.md §5.2).
/// </summary>
public sealed class MsChapV2Client : ChapClientBase
{
    private readonly IRandomSource random;
    private readonly MsChapV2PeerSecrets secrets;

    /// <summary>A client that knows the password.</summary>
    public MsChapV2Client(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, IRandomSource random, string userName, string password)
        : this(output, listener, options, random, userName, MsChapV2PeerSecrets.HashOf(password))
    {
    }

    /// <summary>A client that holds only the NT hash of the password.</summary>
    public MsChapV2Client(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, IRandomSource random, string userName, ReadOnlySpan<byte> ntHash)
        : base(AuthMethod.MsChapV2, output, listener, options, userName)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
        secrets = new MsChapV2PeerSecrets(ntHash);
    }

    private protected override int ComputeResponseValue(byte identifier, ReadOnlySpan<byte> challenge, Span<byte> value) =>
        secrets.WriteResponseValue(challenge, NameBytes, random, value);

    private protected override void OnSuccess(ReadOnlySpan<byte> message)
    {
        if (!secrets.IsAuthenticSuccess(message))
        {
            Fail(AuthFailureReason.AuthenticatorResponseMismatch);
            return;
        }

        Span<byte> hlak = stackalloc byte[SstpHlak.Size];
        secrets.DeriveHlakAndForget(hlak);
        Finish(AuthResult.Success(Method, UserName, hlak), default);
    }
}
