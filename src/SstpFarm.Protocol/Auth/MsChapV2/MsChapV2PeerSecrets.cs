using System.Buffers;
using System.Security.Cryptography;
using SstpFarm.Protocol.Common;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// The peer side of one MS-CHAPv2 exchange (RFC 2759 §8), shared by the PPP and the EAP client:
/// builds the Response value, checks the server's "S=…", derives the HLAK.
/// </summary>
internal sealed class MsChapV2PeerSecrets
{
    private readonly byte[] ntHash = new byte[NtHash.Size];
    private readonly byte[] ntResponse = new byte[MsChapV2Algorithms.NtResponseSize];
    private readonly byte[] expectedAuthenticatorResponse = new byte[MsChapV2Algorithms.AuthenticatorResponseLength];

    public MsChapV2PeerSecrets(ReadOnlySpan<byte> ntHash)
    {
        if (ntHash.Length != NtHash.Size)
        {
            throw new ArgumentException("The NT hash is 16 bytes.", nameof(ntHash));
        }

        ntHash.CopyTo(this.ntHash);
    }

    public static byte[] HashOf(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        byte[] hash = new byte[NtHash.Size];
        NtHash.Compute(password, hash);
        return hash;
    }

    /// <summary>Writes the 49-byte Response value for <paramref name="challenge"/>; 0 if the challenge is not 16 bytes (RFC 2759 §3).</summary>
    public int WriteResponseValue(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> userName, IRandomSource random, Span<byte> value)
    {
        if (challenge.Length != MsChapV2Algorithms.ChallengeSize)
        {
            return 0;
        }

        Span<byte> peerChallenge = stackalloc byte[MsChapV2Algorithms.ChallengeSize];
        random.Fill(peerChallenge);
        MsChapV2Algorithms.GenerateNtResponse(challenge, peerChallenge, userName, ntHash, ntResponse);
        MsChapV2Algorithms.GenerateAuthenticatorResponse(ntHash, ntResponse, peerChallenge, challenge, userName, expectedAuthenticatorResponse);
        return MsChapV2ResponseValue.Write(value, peerChallenge, ntResponse);
    }

    /// <summary>True when a Success message carries the authenticator response we expect (RFC 2759 §5).</summary>
    public bool IsAuthenticSuccess(ReadOnlySpan<byte> message) =>
        MsChapV2SuccessMessage.TryParse(message, out ReadOnlySpan<byte> authenticatorResponse, out _) == OperationStatus.Done
        && MsChapV2SuccessMessage.Matches(authenticatorResponse, expectedAuthenticatorResponse);

    /// <summary>Writes the client HLAK and forgets the NT hash.</summary>
    public void DeriveHlakAndForget(Span<byte> hlak)
    {
        SstpHlak.FromMsChapV2(ntHash, ntResponse, isServer: false, hlak);
        CryptographicOperations.ZeroMemory(ntHash);
    }
}
