using FsCheck;
using FsCheck.Fluent;

namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>FsCheck generators shared by the SSTP property tests.</summary>
internal static class SstpGenerators
{
    public static Gen<byte> Byte { get; } = Gen.Choose(0, 255).Select(i => (byte)i);

    public static Gen<byte[]> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Byte.ArrayOf(n));

    /// <summary>Random bytes biased towards SSTP-looking input, so the fuzz reaches past the first check.</summary>
    public static Gen<byte[]> SstpLikeBytes { get; } =
        Gen.OneOf(
            Bytes(0, 200),
            Bytes(4, 200).Select(b =>
            {
                b[0] = 0x10;
                b[1] = (byte)(b[1] & 1);
                int len = Math.Min(b.Length, 4 + (b[3] % 200));
                b[2] = (byte)((b[2] & 0xF0) | (len >> 8));
                b[3] = (byte)len;
                return b;
            }));

    /// <summary>A valid message with one to three random byte edits (flip, set, truncate or extend).</summary>
    public static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Choose(1, 3).SelectMany(count => Gen.Choose(0, int.MaxValue).ArrayOf(count).Select(seeds =>
        {
            byte[] current = (byte[])valid.Clone();
            foreach (int seed in seeds)
            {
                var rng = new Random(seed);
                switch (rng.Next(4))
                {
                    case 0 when current.Length > 0:
                        current[rng.Next(current.Length)] ^= (byte)(1 << rng.Next(8));
                        break;
                    case 1 when current.Length > 0:
                        current[rng.Next(current.Length)] = (byte)rng.Next(256);
                        break;
                    case 2:
                        current = current[..rng.Next(current.Length + 1)];
                        break;
                    default:
                        byte[] longer = new byte[current.Length + rng.Next(1, 16)];
                        current.CopyTo(longer, 0);
                        rng.NextBytes(longer.AsSpan(current.Length));
                        current = longer;
                        break;
                }
            }

            return current;
        }));
}
