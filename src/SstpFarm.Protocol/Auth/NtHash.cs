using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using SstpFarm.Protocol.Auth.Crypto;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// The NT password hash, NtPasswordHash in RFC 2759 §8.3: MD4 of the password as UTF-16LE code
/// units, no terminating NUL. The local user store keeps these instead of passwords.
/// </summary>
public static class NtHash
{
    public const int Size = Md4.HashSize;

    private const int StackLimitChars = 256;

    /// <summary>Writes the 16-byte NT hash of <paramref name="password"/> into <paramref name="destination"/>.</summary>
    public static void Compute(ReadOnlySpan<char> password, Span<byte> destination)
    {
        int length = password.Length * 2;
        byte[]? rented = null;
        Span<byte> unicode = password.Length <= StackLimitChars
            ? stackalloc byte[StackLimitChars * 2]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        unicode = unicode[..length];
        try
        {
            // Raw code units, as Windows hashes them (an unpaired surrogate is not replaced).
            for (int i = 0; i < password.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(unicode.Slice(i * 2, 2), password[i]);
            }

            Md4.Hash(unicode, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unicode);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>HashNtPasswordHash (RFC 2759 §8.4): MD4 of the NT hash.</summary>
    public static void ComputeHashHash(ReadOnlySpan<byte> ntHash, Span<byte> destination) =>
        Md4.Hash(ntHash[..Size], destination);
}
