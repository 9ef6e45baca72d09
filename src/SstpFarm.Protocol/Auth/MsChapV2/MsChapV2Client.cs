using System.Buffers;
using System.Security.Cryptography;
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
    private readonly byte[] ntHash = new byte[NtHash.Size];
    private readonly byte[] ntResponse = new byte[MsChapV2Algorithms.NtResponseSize];
    private readonly byte[] expectedAuthenticatorResponse = new byte[MsChapV2Algorithms.AuthenticatorResponseLength];

    /// <summary>A client that knows the password.</summary>
    public MsChapV2Client(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, IRandomSource random, string userName, string password)
        : this(output, listener, options, random, userName, HashOf(password))
    {
    }

    /// <summary>A client that holds only the NT hash of the password.</summary>
    public MsChapV2Client(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, IRandomSource random, string userName, ReadOnlySpan<byte> ntHash)
        : base(AuthMethod.MsChapV2, output, listener, options, userName)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (ntHash.Length != NtHash.Size)
        {
            throw new ArgumentException("The NT hash is 16 bytes.", nameof(ntHash));
        }

        this.random = random;
        ntHash.CopyTo(this.ntHash);
    }

    private protected override int ComputeResponseValue(byte identifier, ReadOnlySpan<byte> challenge, Span<byte> value)
    {
        // RFC 2759 §3: the Challenge Value is always 16 bytes.
        if (challenge.Length != MsChapV2Algorithms.ChallengeSize)
        {
            return 0;
        }

        Span<byte> peerChallenge = stackalloc byte[MsChapV2Algorithms.ChallengeSize];
        random.Fill(peerChallenge);
        MsChapV2Algorithms.GenerateNtResponse(challenge, peerChallenge, NameBytes, ntHash, ntResponse);
        MsChapV2Algorithms.GenerateAuthenticatorResponse(ntHash, ntResponse, peerChallenge, challenge, NameBytes, expectedAuthenticatorResponse);
        return MsChapV2ResponseValue.Write(value, peerChallenge, ntResponse);
    }

    private protected override void OnSuccess(ReadOnlySpan<byte> message)
    {
        if (MsChapV2SuccessMessage.TryParse(message, out ReadOnlySpan<byte> authenticatorResponse, out _) != OperationStatus.Done
            || !MsChapV2SuccessMessage.Matches(authenticatorResponse, expectedAuthenticatorResponse))
        {
            Fail(AuthFailureReason.AuthenticatorResponseMismatch);
            return;
        }

        Span<byte> hlak = stackalloc byte[SstpHlak.Size];
        SstpHlak.FromMsChapV2(ntHash, ntResponse, isServer: false, hlak);
        CryptographicOperations.ZeroMemory(ntHash);
        Finish(AuthResult.Success(Method, UserName, hlak), default);
    }

    private static byte[] HashOf(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        byte[] hash = new byte[NtHash.Size];
        NtHash.Compute(password, hash);
        return hash;
    }
}
