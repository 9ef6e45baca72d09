using System.Security.Cryptography;
using SstpFarm.Protocol.Auth.Crypto;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// The MS-CHAPv2 computations of RFC 2759 §8, working from the NT password hash so that a
/// server can verify without knowing the password.
/// </summary>
public static class MsChapV2Algorithms
{
    public const int ChallengeSize = 16;
    public const int ChallengeHashSize = 8;
    public const int NtResponseSize = 24;

    /// <summary>Length of the ASCII authenticator response "S=" + 40 upper-case hex digits (RFC 2759 §5).</summary>
    public const int AuthenticatorResponseLength = 42;

    // RFC 2759 §8.7.
    private static ReadOnlySpan<byte> Magic1 => "Magic server to client signing constant"u8;

    private static ReadOnlySpan<byte> Magic2 => "Pad to make it do more than one iteration"u8;

    /// <summary>
    /// The user-name part of a CHAP Name: what follows the last backslash of <c>DOMAIN\user</c>
    /// (RFC 2759 §4, §8.2: the domain never enters ChallengeHash).
    /// </summary>
    public static ReadOnlySpan<byte> StripDomain(ReadOnlySpan<byte> name)
    {
        int backslash = name.LastIndexOf((byte)'\\');
        return backslash < 0 ? name : name[(backslash + 1)..];
    }

    /// <summary>ChallengeHash (RFC 2759 §8.2); <paramref name="userName"/> may carry a domain prefix.</summary>
    public static void ChallengeHash(
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName,
        Span<byte> destination) =>
        ConcatenatedHash.Sha1(
            destination[..ChallengeHashSize],
            peerChallenge[..ChallengeSize],
            authenticatorChallenge[..ChallengeSize],
            StripDomain(userName));

    /// <summary>ChallengeResponse (RFC 2759 §8.5): three DES encryptions of the 8-byte challenge.</summary>
    public static void ChallengeResponse(ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> passwordHash, Span<byte> destination)
    {
        Span<byte> zeroPadded = stackalloc byte[21];
        zeroPadded.Clear();
        passwordHash[..NtHash.Size].CopyTo(zeroPadded);
        Span<byte> key = stackalloc byte[Des.KeySize];
        for (int i = 0; i < 3; i++)
        {
            Des.ExpandKey(zeroPadded.Slice(i * Des.RawKeySize, Des.RawKeySize), key);
            Des.Encrypt(key, challenge[..ChallengeHashSize], destination.Slice(i * Des.BlockSize, Des.BlockSize));
        }

        CryptographicOperations.ZeroMemory(zeroPadded);
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>GenerateNTResponse (RFC 2759 §8.1) from the NT hash instead of the password.</summary>
    public static void GenerateNtResponse(
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> userName,
        ReadOnlySpan<byte> ntHash,
        Span<byte> destination)
    {
        Span<byte> challenge = stackalloc byte[ChallengeHashSize];
        ChallengeHash(peerChallenge, authenticatorChallenge, userName, challenge);
        ChallengeResponse(challenge, ntHash, destination[..NtResponseSize]);
    }

    /// <summary>
    /// GenerateAuthenticatorResponse (RFC 2759 §8.7): writes the 42 ASCII bytes
    /// "S=" + upper-case hex into <paramref name="destination"/>.
    /// </summary>
    public static void GenerateAuthenticatorResponse(
        ReadOnlySpan<byte> ntHash,
        ReadOnlySpan<byte> ntResponse,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> userName,
        Span<byte> destination)
    {
        Span<byte> hashHash = stackalloc byte[NtHash.Size];
        NtHash.ComputeHashHash(ntHash, hashHash);
        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
        ConcatenatedHash.Sha1(digest, hashHash, ntResponse[..NtResponseSize], Magic1);
        Span<byte> challenge = stackalloc byte[ChallengeHashSize];
        ChallengeHash(peerChallenge, authenticatorChallenge, userName, challenge);
        ConcatenatedHash.Sha1(digest, digest, challenge, Magic2);
        CryptographicOperations.ZeroMemory(hashHash);

        destination[0] = (byte)'S';
        destination[1] = (byte)'=';
        AsciiHex.EncodeUpper(digest, destination[2..AuthenticatorResponseLength]);
    }
}
