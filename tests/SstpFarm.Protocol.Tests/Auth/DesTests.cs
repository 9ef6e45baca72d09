using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Auth.Crypto;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class DesTests
{
    private static readonly Gen<byte[]> Bytes8 = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 8);

    [Fact]
    public void MatchesDotNetDesForRandomNonWeakKeys()
    {
        Prop.ForAll(
                Arb.From(Gen.Zip(Bytes8.Where(k => !DES.IsWeakKey(k) && !DES.IsSemiWeakKey(k)), Bytes8)),
                pair =>
                {
                    (byte[] key, byte[] block) = pair;
                    using var des = DES.Create();
                    des.Key = key;
                    byte[] expected = des.EncryptEcb(block, PaddingMode.None);

                    byte[] actual = new byte[8];
                    Des.Encrypt(key, block, actual);
                    byte[] back = new byte[8];
                    Des.Decrypt(key, actual, back);
                    return expected.AsSpan().SequenceEqual(actual) && back.AsSpan().SequenceEqual(block);
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void AcceptsTheWeakKeyThatDotNetRefuses()
    {
        // test-vectors.md §3.3: DES_{0101010101010101}(ChallengeHash of the RFC 2759 §9.2 exchange).
        byte[] weakKey = Hex.Parse("01 01 01 01 01 01 01 01");
        using var des = DES.Create();
        Assert.Throws<CryptographicException>(() => des.Key = weakKey);

        byte[] output = new byte[8];
        Des.Encrypt(weakKey, Hex.Parse("D0 2E 43 86 BC E9 12 26"), output);
        Assert.Equal("651b607991f4db3f", Hex.Format(output));
    }

    [Fact]
    public void FipsKnownAnswer()
    {
        // The classic worked example (key 133457799BBCDFF1, plaintext 0123456789ABCDEF).
        byte[] output = new byte[8];
        Des.Encrypt(Hex.Parse("133457799BBCDFF1"), Hex.Parse("0123456789ABCDEF"), output);
        Assert.Equal("85e813540f0ab405", Hex.Format(output));
    }

    [Theory]
    // RFC 2759 §9.3 (test-vectors.md §2).
    [InlineData("FC 15 6A F7 ED CD 6C", "FD 0B 5B 5E 7F 6E 34 D9")]
    [InlineData("0E DD E3 33 7D 42 7F", "0E 6E 79 67 37 EA 08 FE")]
    [InlineData("00 00 00 00 00 00 00", "01 01 01 01 01 01 01 01")]
    public void KeyExpansionWithParity(string raw, string expanded)
    {
        byte[] key = new byte[8];
        Des.ExpandKey(Hex.Parse(raw), key);
        Assert.Equal(Hex.Format(Hex.Parse(expanded)), Hex.Format(key));
    }
}
