using System.Security.Cryptography;
using System.Text;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Auth.MsChapV2;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// Verification against a local user store, which keeps NT hashes (and, for CHAP-MD5 only, a
/// reversible secret). Pure functions; the authenticators' CompleteWith… methods use them.
/// </summary>
public static class LocalVerifier
{
    private const int MaxPapPasswordBytes = 255;

    /// <summary>PAP: NtHash(password) equals the stored hash, compared in constant time. The password is read as UTF-8.</summary>
    public static bool VerifyPap(ReadOnlySpan<byte> password, ReadOnlySpan<byte> storedNtHash)
    {
        if (password.Length > MaxPapPasswordBytes || storedNtHash.Length != NtHash.Size)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxPapPasswordBytes];
        int count = Encoding.UTF8.GetChars(password, chars);
        Span<byte> hash = stackalloc byte[NtHash.Size];
        NtHash.Compute(chars[..count], hash);
        chars.Clear();
        bool equal = CryptographicOperations.FixedTimeEquals(hash, storedNtHash);
        CryptographicOperations.ZeroMemory(hash);
        return equal;
    }

    /// <summary>CHAP-MD5 (RFC 1994 §4.1) with the clear secret.</summary>
    public static bool VerifyChapMd5(byte identifier, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> response, ReadOnlySpan<byte> secret) =>
        response.Length == ChapMd5.ResponseSize && ChapMd5.Verify(identifier, secret, challenge, response);

    /// <summary>
    /// MS-CHAPv2 (RFC 2759 §8.1) from the stored NT hash. On success also writes the 42-byte
    /// authenticator response and the 32-byte server HLAK; on failure leaves them untouched.
    /// </summary>
    public static bool VerifyMsChapV2(
        ReadOnlySpan<byte> storedNtHash,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> userName,
        ReadOnlySpan<byte> ntResponse,
        Span<byte> authenticatorResponse,
        Span<byte> hlak)
    {
        if (storedNtHash.Length != NtHash.Size || ntResponse.Length != MsChapV2Algorithms.NtResponseSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MsChapV2Algorithms.NtResponseSize];
        MsChapV2Algorithms.GenerateNtResponse(authenticatorChallenge, peerChallenge, userName, storedNtHash, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, ntResponse))
        {
            return false;
        }

        MsChapV2Algorithms.GenerateAuthenticatorResponse(storedNtHash, ntResponse, peerChallenge, authenticatorChallenge, userName, authenticatorResponse);
        SstpHlak.FromMsChapV2(storedNtHash, ntResponse, isServer: true, hlak);
        return true;
    }
}
