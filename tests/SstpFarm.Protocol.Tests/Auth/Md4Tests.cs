using System.Text;
using SstpFarm.Protocol.Auth.Crypto;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class Md4Tests
{
    // test-vectors.md §1 (RFC 1320 Appendix A.5).
    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("a", "bde52cb31de33e46245e05fbdbd6fb24")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("message digest", "d9130a8164549fe818874806e1c7014b")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void Rfc1320Vectors(string input, string expected)
    {
        Span<byte> digest = stackalloc byte[Md4.HashSize];
        Md4.Hash(Encoding.ASCII.GetBytes(input), digest);
        Assert.Equal(expected, Hex.Format(digest));
    }

    [Fact]
    public void PaddingBoundariesMatchBlockwiseSplitting()
    {
        // 55, 56, 63, 64 and 119 bytes exercise the one- and two-block padding paths; the
        // 80-byte RFC vector already checks a two-block input, so compare neighbours for stability.
        var seen = new HashSet<string>();
        foreach (int length in new[] { 55, 56, 57, 63, 64, 65, 119, 120, 128 })
        {
            byte[] input = Enumerable.Repeat((byte)'a', length).ToArray();
            byte[] digest = new byte[Md4.HashSize];
            Md4.Hash(input, digest);
            Assert.True(seen.Add(Hex.Format(digest)));
        }
    }
}
