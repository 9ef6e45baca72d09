using System.Buffers.Binary;
using System.Numerics;

namespace SstpFarm.Protocol.Auth.Crypto;

/// <summary>
/// MD4 message digest (RFC 1320). .NET has none, and MS-CHAPv2 needs it for the NT password
/// hash and the password-hash hash (RFC 2759 §8.3, §8.7). Not for anything else: MD4 is broken.
/// </summary>
public static class Md4
{
    public const int HashSize = 16;

    private const int BlockSize = 64;

    /// <summary>Writes MD4(<paramref name="data"/>) into the first 16 bytes of <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException("MD4 needs a 16-byte destination.", nameof(destination));
        }

        // RFC 1320 §3.3: initial state.
        Span<uint> state = [0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u];

        int fullBlocks = data.Length / BlockSize;
        for (int i = 0; i < fullBlocks; i++)
        {
            Compress(state, data.Slice(i * BlockSize, BlockSize));
        }

        // RFC 1320 §3.1-3.2: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
        ReadOnlySpan<byte> rest = data[(fullBlocks * BlockSize)..];
        Span<byte> tail = stackalloc byte[2 * BlockSize];
        tail.Clear();
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        int tailLength = rest.Length + 1 + 8 <= BlockSize ? BlockSize : 2 * BlockSize;
        BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailLength - 8, 8), (ulong)data.Length * 8);
        for (int offset = 0; offset < tailLength; offset += BlockSize)
        {
            Compress(state, tail.Slice(offset, BlockSize));
        }

        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(i * 4, 4), state[i]);
        }
    }

    // RFC 1320 §3.4: three rounds of 16 operations over one 64-byte block.
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        for (int i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4, 4));
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3];

        // Round 1: F(x,y,z) = (x & y) | (~x & z), word order 0..15, shifts 3 7 11 19.
        for (int i = 0; i < 16; i += 4)
        {
            a = BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x[i], 3);
            d = BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + x[i + 1], 7);
            c = BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + x[i + 2], 11);
            b = BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + x[i + 3], 19);
        }

        // Round 2: G(x,y,z) = majority, words by column, constant 0x5A827999, shifts 3 5 9 13.
        const uint round2 = 0x5A827999u;
        for (int i = 0; i < 4; i++)
        {
            a = BitOperations.RotateLeft(a + ((b & c) | (b & d) | (c & d)) + x[i] + round2, 3);
            d = BitOperations.RotateLeft(d + ((a & b) | (a & c) | (b & c)) + x[i + 4] + round2, 5);
            c = BitOperations.RotateLeft(c + ((d & a) | (d & b) | (a & b)) + x[i + 8] + round2, 9);
            b = BitOperations.RotateLeft(b + ((c & d) | (c & a) | (d & a)) + x[i + 12] + round2, 13);
        }

        // Round 3: H(x,y,z) = x ^ y ^ z, word order 0 8 4 12 2 10 6 14 1 9 5 13 3 11 7 15,
        // constant 0x6ED9EBA1, shifts 3 9 11 15.
        const uint round3 = 0x6ED9EBA1u;
        ReadOnlySpan<byte> order = [0, 2, 1, 3];
        foreach (byte i in order)
        {
            a = BitOperations.RotateLeft(a + (b ^ c ^ d) + x[i] + round3, 3);
            d = BitOperations.RotateLeft(d + (a ^ b ^ c) + x[i + 8] + round3, 9);
            c = BitOperations.RotateLeft(c + (d ^ a ^ b) + x[i + 4] + round3, 11);
            b = BitOperations.RotateLeft(b + (c ^ d ^ a) + x[i + 12] + round3, 15);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }
}
