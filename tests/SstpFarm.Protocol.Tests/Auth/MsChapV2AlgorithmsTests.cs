using System.Text;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class MsChapV2AlgorithmsTests
{
    // test-vectors.md §2 (RFC 2759 §9.2).
    internal static readonly byte[] UserName = "User"u8.ToArray();
    internal static readonly byte[] AuthenticatorChallenge = Hex.Parse("5B 5D 7C 7D 7B 3F 2F 3E 3C 2C 60 21 32 26 26 28");
    internal static readonly byte[] PeerChallenge = Hex.Parse("21 40 23 24 25 5E 26 2A 28 29 5F 2B 3A 33 7C 7E");
    internal static readonly byte[] NtResponse = Hex.Parse("82 30 9E CD 8D 70 8B 5E A0 8F AA 39 81 CD 83 54 42 33 11 4A 3D 85 D6 DF");
    internal const string Password = "clientPass";
    internal const string AuthenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

    internal static byte[] Nt(string password)
    {
        byte[] hash = new byte[NtHash.Size];
        NtHash.Compute(password, hash);
        return hash;
    }

    [Fact]
    public void Rfc2759PasswordHashes()
    {
        byte[] hash = Nt(Password);
        Assert.Equal("44ebba8d5312b8d611474411f56989ae", Hex.Format(hash));
        byte[] hashHash = new byte[16];
        NtHash.ComputeHashHash(hash, hashHash);
        Assert.Equal("41c00c584bd2d91c4017a2a12fa59f3f", Hex.Format(hashHash));
    }

    [Fact]
    public void Rfc2759ChallengeHash()
    {
        byte[] challenge = new byte[8];
        MsChapV2Algorithms.ChallengeHash(PeerChallenge, AuthenticatorChallenge, UserName, challenge);
        Assert.Equal("d02e4386bce91226", Hex.Format(challenge));
    }

    [Fact]
    public void ChallengeHashIgnoresTheDomain()
    {
        byte[] challenge = new byte[8];
        MsChapV2Algorithms.ChallengeHash(PeerChallenge, AuthenticatorChallenge, "CORP\\User"u8, challenge);
        Assert.Equal("d02e4386bce91226", Hex.Format(challenge));
        Assert.Equal("User", Encoding.ASCII.GetString(MsChapV2Algorithms.StripDomain("A\\B\\User"u8)));
    }

    [Fact]
    public void Rfc2759NtResponseAndAuthenticatorResponse()
    {
        byte[] response = new byte[24];
        MsChapV2Algorithms.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, UserName, Nt(Password), response);
        Assert.Equal(Hex.Format(NtResponse), Hex.Format(response));

        byte[] authenticator = new byte[42];
        MsChapV2Algorithms.GenerateAuthenticatorResponse(Nt(Password), response, PeerChallenge, AuthenticatorChallenge, UserName, authenticator);
        Assert.Equal(AuthenticatorResponse, Encoding.ASCII.GetString(authenticator));
    }

    [Fact]
    public void Rfc2759KeyExpansionPasswordHash()
    {
        // RFC 2759 §9.3: "MyPw" as UTF-16LE.
        Assert.Equal("fc156af7edcd6c0edde3337d427f4eac", Hex.Format(Nt("MyPw")));
    }

    [Fact]
    public void WeakDesKeyPassword()
    {
        // test-vectors.md §3.3.
        byte[] hash = Nt("weak43764");
        Assert.Equal("cf9b4a65254bad8b4553bd0b6ce10000", Hex.Format(hash));

        byte[] response = new byte[24];
        MsChapV2Algorithms.GenerateNtResponse(AuthenticatorChallenge, PeerChallenge, UserName, hash, response);
        Assert.Equal("93d3381d836d37303ebe0e29fb54ae5e651b607991f4db3f", Hex.Format(response));

        byte[] authenticator = new byte[42];
        MsChapV2Algorithms.GenerateAuthenticatorResponse(hash, response, PeerChallenge, AuthenticatorChallenge, UserName, authenticator);
        Assert.Equal("S=0850C8133A50D8926AF6DC427CB4D41B0C4BEF39", Encoding.ASCII.GetString(authenticator));

        byte[] hlak = new byte[32];
        SstpHlak.FromMsChapV2(hash, response, isServer: true, hlak);
        Assert.Equal("4a27a7b4d6004b69afdc301499cfe79931d6620eb2dd5ee6c46a9bd6bb7d498f", Hex.Format(hlak));
    }

    [Fact]
    public void Rfc3079MppeKeys()
    {
        // test-vectors.md §4.
        byte[] hashHash = Hex.Parse("41 C0 0C 58 4B D2 D9 1C 40 17 A2 A1 2F A5 9F 3F");
        byte[] master = new byte[16];
        MppeKeys.GetMasterKey(hashHash, NtResponse, master);
        Assert.Equal("fdece3717a8c838cb388e527ae3cdd31", Hex.Format(master));

        byte[] key16 = new byte[16];
        MppeKeys.GetAsymmetricStartKey(master, key16, isSend: true, isServer: true);
        Assert.Equal("8b7cdc149b993a1ba118cb153f56dccb", Hex.Format(key16));
        MppeKeys.GetAsymmetricStartKey(master, key16, isSend: false, isServer: false);
        Assert.Equal("8b7cdc149b993a1ba118cb153f56dccb", Hex.Format(key16));
        MppeKeys.GetAsymmetricStartKey(master, key16, isSend: false, isServer: true);
        Assert.Equal("d5f0e9521e3ea9589645e86051c82226", Hex.Format(key16));
        MppeKeys.GetAsymmetricStartKey(master, key16, isSend: true, isServer: false);
        Assert.Equal("d5f0e9521e3ea9589645e86051c82226", Hex.Format(key16));

        byte[] key8 = new byte[8];
        MppeKeys.GetAsymmetricStartKey(master, key8, isSend: true, isServer: true);
        Assert.Equal("8b7cdc149b993a1b", Hex.Format(key8));
        MppeKeys.GetAsymmetricStartKey(master, key8, isSend: false, isServer: true);
        Assert.Equal("d5f0e9521e3ea958", Hex.Format(key8));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HlakForRfc2759CredentialsIsTheSameForBothRoles(bool isServer)
    {
        // test-vectors.md §5.
        byte[] hlak = new byte[32];
        SstpHlak.FromMsChapV2(Nt(Password), NtResponse, isServer, hlak);
        Assert.Equal("d5f0e9521e3ea9589645e86051c822268b7cdc149b993a1ba118cb153f56dccb", Hex.Format(hlak));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SstpcVector(bool isServer)
    {
        // test-vectors.md §3.1.
        byte[] hash = Nt("DukeNuke3D");
        byte[] ntResponse = Hex.Parse("85 9A 0C 0E CE 47 4D F2 0D 0A E8 31 AC 3A E3 D2 4F 82 6E 93 67 9E 36 BC");
        byte[] hashHash = new byte[16];
        NtHash.ComputeHashHash(hash, hashHash);
        byte[] master = new byte[16];
        MppeKeys.GetMasterKey(hashHash, ntResponse, master);
        Assert.Equal("a84f9bcb2ae37b88060d1f36453dd0ed", Hex.Format(master));

        byte[] hlak = new byte[32];
        SstpHlak.FromMsChapV2(hash, ntResponse, isServer, hlak);
        Assert.Equal("000bc1dea2cb8516bc77f552b9ec5a0393d92706f513a2ea50f8cd9469573cdb", Hex.Format(hlak));
    }

    [Fact]
    public void HlakFromRadiusKeysIsReceiveThenSend()
    {
        byte[] hlak = new byte[32];
        SstpHlak.FromMppeKeys(
            Hex.Parse("d5f0e9521e3ea9589645e86051c82226"),
            Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb"),
            hlak);
        Assert.Equal("d5f0e9521e3ea9589645e86051c822268b7cdc149b993a1ba118cb153f56dccb", Hex.Format(hlak));
    }

    [Fact]
    public void ChapMd5Vector()
    {
        // test-vectors.md §3.2.
        byte[] response = new byte[16];
        ChapMd5.ComputeResponse(0x01, "clientPass"u8, AuthenticatorChallenge, response);
        Assert.Equal("5f09d7e952d4b481108861304e6de873", Hex.Format(response));
        Assert.True(ChapMd5.Verify(0x01, "clientPass"u8, AuthenticatorChallenge, response));
        Assert.False(ChapMd5.Verify(0x02, "clientPass"u8, AuthenticatorChallenge, response));
    }
}
