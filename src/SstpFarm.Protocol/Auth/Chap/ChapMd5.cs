using System.Security.Cryptography;
using SstpFarm.Protocol.Auth.Crypto;

namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>The CHAP-MD5 response value (RFC 1994 §4.1, algorithm 5).</summary>
public static class ChapMd5
{
    /// <summary>Value-Size of a CHAP-MD5 Response.</summary>
    public const int ResponseSize = 16;

    /// <summary>RFC 1994 §4.1: MD5(Identifier ‖ secret ‖ Challenge-Value).</summary>
    public static void ComputeResponse(byte identifier, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> challenge, Span<byte> destination)
    {
        ReadOnlySpan<byte> id = [identifier];
        ConcatenatedHash.Md5(destination[..ResponseSize], id, secret, challenge);
    }

    /// <summary>Whether <paramref name="response"/> is the right answer, compared in constant time.</summary>
    public static bool Verify(byte identifier, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> response)
    {
        Span<byte> expected = stackalloc byte[ResponseSize];
        ComputeResponse(identifier, secret, challenge, expected);
        return CryptographicOperations.FixedTimeEquals(expected, response);
    }
}
