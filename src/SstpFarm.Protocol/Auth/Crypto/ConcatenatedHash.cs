using System.Buffers;
using System.Security.Cryptography;

namespace SstpFarm.Protocol.Auth.Crypto;

/// <summary>
/// SHA-1 / MD5 of up to four concatenated parts, the shape every PPP auth formula has
/// (RFC 1994 §4.1, RFC 2759 §8, RFC 3079 §3). Concatenates on the stack when small and wipes
/// the buffer afterwards because the parts are often secrets.
/// </summary>
internal static class ConcatenatedHash
{
    private const int StackLimit = 512;

    public static void Sha1(
        Span<byte> destination,
        ReadOnlySpan<byte> a,
        ReadOnlySpan<byte> b,
        ReadOnlySpan<byte> c = default,
        ReadOnlySpan<byte> d = default) =>
        Compute(destination, a, b, c, d, md5: false);

    public static void Md5(
        Span<byte> destination,
        ReadOnlySpan<byte> a,
        ReadOnlySpan<byte> b,
        ReadOnlySpan<byte> c = default) =>
        Compute(destination, a, b, c, default, md5: true);

    private static void Compute(
        Span<byte> destination,
        ReadOnlySpan<byte> a,
        ReadOnlySpan<byte> b,
        ReadOnlySpan<byte> c,
        ReadOnlySpan<byte> d,
        bool md5)
    {
        int length = a.Length + b.Length + c.Length + d.Length;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        buffer = buffer[..length];
        try
        {
            a.CopyTo(buffer);
            b.CopyTo(buffer[a.Length..]);
            c.CopyTo(buffer[(a.Length + b.Length)..]);
            d.CopyTo(buffer[(a.Length + b.Length + c.Length)..]);
            Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
            int written = md5 ? MD5.HashData(buffer, digest) : SHA1.HashData(buffer, digest);
            digest[..Math.Min(written, destination.Length)].CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
