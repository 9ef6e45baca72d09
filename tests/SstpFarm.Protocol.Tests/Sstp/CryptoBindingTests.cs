using System.Buffers;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

public sealed class CryptoBindingTests
{
    private const CertHashProtocols Sha1 = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1;
    private const CertHashProtocols Sha256 = CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;
    private const CertHashProtocols Both = Sha1 | Sha256;

    private static readonly byte[] ZeroHlak = new byte[32];

    [Theory]
    [InlineData(Sha256, "53535450 20696e6e 6572206d 6574686f 64206465 72697665 6420434d 4b 2000 01")]
    [InlineData(Sha1, "53535450 20696e6e 6572206d 6574686f 64206465 72697665 6420434d 4b 1400 01")]
    public void CmkInputMatchesTestVector(CertHashProtocols protocol, string expected)
    {
        byte[] input = new byte[32];
        SstpCryptoBinding.WriteCmkInput(SstpCryptoBinding.GetHashLength(protocol), input);
        Assert.Equal(Hex.Parse(expected), input);
    }

    public static TheoryData<CertHashProtocols, string, string, string> CmkCases => new()
    {
        { Sha256, SstpVectors.HlakSha256Example, SstpVectors.CmkSha256Example, "52A68EFD8CFFBF52770B8F0FE8EC7371 6583AF6D611EB6D179B3B20840985449" },
        { Sha1, SstpVectors.HlakSha1Example, SstpVectors.CmkSha1Example, "69915DD583D8062FEF16F61DB2F03290 EC27CB6C" },
    };

    [Theory]
    [MemberData(nameof(CmkCases))]
    public void SpecExamplesReproduce(CertHashProtocols protocol, string hlak, string cmk, string cmac)
    {
        byte[] message = Hex.Parse(protocol == Sha256 ? SstpVectors.CallConnectedSha256 : SstpVectors.CallConnectedSha1);
        byte[] computedCmk = new byte[32];
        int length = SstpCryptoBinding.ComputeCmk(protocol, Hex.Parse(hlak), computedCmk);
        Assert.Equal(Hex.Parse(cmk), computedCmk[..length]);

        byte[] mac = new byte[32];
        Assert.Equal(length, SstpCryptoBinding.ComputeCompoundMac(protocol, computedCmk.AsSpan(0, length), message, mac));
        Assert.Equal(Hex.Parse(cmac), mac[..length]);
    }

    [Theory]
    [InlineData(Sha256, SstpVectors.HlakMsChapV2, SstpVectors.CmkMsChapV2Sha256, SstpVectors.CmacMsChapV2Sha256)]
    [InlineData(Sha1, SstpVectors.HlakMsChapV2, SstpVectors.CmkMsChapV2Sha1, SstpVectors.CmacMsChapV2Sha1)]
    [InlineData(Sha256, "", SstpVectors.CmkZeroSha256, SstpVectors.CmacZeroSha256)]
    [InlineData(Sha1, "", SstpVectors.CmkZeroSha1, SstpVectors.CmacZeroSha1)]
    public void DerivedVectorsReproduce(CertHashProtocols protocol, string hlakHex, string cmkHex, string cmacHex)
    {
        byte[] hlak = hlakHex.Length == 0 ? ZeroHlak : Hex.Parse(hlakHex);
        byte[] cmk = new byte[32];
        int length = SstpCryptoBinding.ComputeCmk(protocol, hlak, cmk);
        Assert.Equal(Hex.Parse(cmkHex), cmk[..length]);

        // The client builder produces the full message of test-vectors.md §6.3 and the server accepts it.
        (byte[] nonce, byte[] certHash) = SpecInputs(protocol);
        byte[] built = new byte[112];
        Assert.Equal(112, CallConnectedBuilder.Write(built, protocol, nonce, certHash, hlak));
        Assert.Equal(Hex.Parse(cmacHex), built.AsSpan(80, length).ToArray());
        Assert.True(built.AsSpan(80 + length).IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(CryptoBindingResult.Ok, CallConnectedVerifier.Verify(built, protocol, nonce, Hashes(protocol), hlak));
    }

    [Fact]
    public void BuilderReproducesPublishedCallConnectedMessages()
    {
        foreach (CertHashProtocols protocol in new[] { Sha1, Sha256 })
        {
            (byte[] nonce, byte[] certHash) = SpecInputs(protocol);
            byte[] hlak = Hex.Parse(protocol == Sha256 ? SstpVectors.HlakSha256Example : SstpVectors.HlakSha1Example);
            byte[] built = new byte[112];
            CallConnectedBuilder.Write(built, protocol, nonce, certHash, hlak);
            Assert.Equal(Hex.Parse(protocol == Sha256 ? SstpVectors.CallConnectedSha256 : SstpVectors.CallConnectedSha1), built);
        }
    }

    [Fact]
    public void DerivedMsChapV2MessageMatchesTestVector()
    {
        byte[] expected = Hex.Parse("""
            10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 02
            41 2B 48 9A EB D7 EC C7 D0 89 66 F2 6B E7 CD 72
            B2 31 A0 E9 21 0D 7C 91 B3 08 86 2B 03 44 C4 35
            79 93 EF 31 4C 49 3D AC E9 F0 2D 60 E7 E6 1C 84
            B6 69 0A AF E9 D7 AE EA 92 CB BE 8A D5 99 42 2D
            FC 0F 8E 27 2D D2 3C 80 52 6C 2A 27 11 58 A1 21
            95 EB 2D F5 97 80 B1 7E 6E F6 41 BA 0F E6 99 D0
            """);
        Assert.Equal(CryptoBindingResult.Ok, CallConnectedVerifier.Verify(expected, Both, Hex.Parse(SstpVectors.NonceSha256), Hashes(Sha256), Hex.Parse(SstpVectors.HlakMsChapV2)));
    }

    [Fact]
    public void BigEndianLengthGivesAWrongMac()
    {
        // test-vectors.md §6.1 negative check: a CMK input with "00 20" instead of "20 00" must not
        // reproduce the published MAC. The doc prints a04ad78e… for this case; a straightforward
        // big-endian computation (Python hmac, re-checked) gives CMK 845660c7… and CMAC 6f427735….
        byte[] input = new byte[32];
        SstpCryptoBinding.WriteCmkInput(32, input);
        (input[29], input[30]) = (input[30], input[29]);
        byte[] wrongCmk = HMACSHA256.HashData(Hex.Parse(SstpVectors.HlakSha256Example), input);
        byte[] wrongMac = new byte[32];
        SstpCryptoBinding.ComputeCompoundMac(Sha256, wrongCmk, Hex.Parse(SstpVectors.CallConnectedSha256), wrongMac);

        Assert.Equal(Hex.Parse("845660c7574c8da0856c7e30ee2285812cac0823f44b0e1942af846837bac1cc"), wrongCmk);
        Assert.Equal(Hex.Parse("6f427735056c5909043d7584494d1e97b0c9600e0753a3ab18e172b96b5033a4"), wrongMac);
        Assert.NotEqual(Hex.Parse(SstpVectors.CallConnectedSha256)[80..], wrongMac);

        byte[] cmk = new byte[32];
        SstpCryptoBinding.ComputeCmk(Sha256, Hex.Parse(SstpVectors.HlakSha256Example), cmk);
        Assert.NotEqual(wrongCmk, cmk);
    }

    [Theory]
    [InlineData(Sha256)]
    [InlineData(Sha1)]
    public void ServerAcceptsPublishedExamples(CertHashProtocols protocol)
    {
        (byte[] nonce, _) = SpecInputs(protocol);
        byte[] message = Hex.Parse(protocol == Sha256 ? SstpVectors.CallConnectedSha256 : SstpVectors.CallConnectedSha1);
        byte[] hlak = Hex.Parse(protocol == Sha256 ? SstpVectors.HlakSha256Example : SstpVectors.HlakSha1Example);
        Assert.Equal(CryptoBindingResult.Ok, CallConnectedVerifier.Verify(message, Both, nonce, Hashes(Both), hlak));
        Assert.Equal(CryptoBindingResult.Ok, CallConnectedVerifier.Verify(message, protocol, nonce, Hashes(protocol), hlak));
    }

    [Fact]
    public void WrongHlakIsAMacMismatch()
    {
        // The classic bug: a zero HLAK after MS-CHAPv2 (interop.md #16), or the halves swapped.
        byte[] message = Hex.Parse(SstpVectors.CallConnectedSha256);
        (byte[] nonce, _) = SpecInputs(Sha256);
        byte[] hlak = Hex.Parse(SstpVectors.HlakSha256Example);
        byte[] swapped = [.. hlak[16..], .. hlak[..16]];
        Assert.Equal(CryptoBindingResult.CompoundMacMismatch, CallConnectedVerifier.Verify(message, Both, nonce, Hashes(Both), ZeroHlak));
        Assert.Equal(CryptoBindingResult.CompoundMacMismatch, CallConnectedVerifier.Verify(message, Both, nonce, Hashes(Both), swapped));
    }

    [Theory]
    [InlineData(80)] // first MAC byte
    [InlineData(111)] // last MAC byte (SHA-256)
    [InlineData(20)] // nonce
    [InlineData(50)] // cert hash
    [InlineData(15)] // hash protocol
    [InlineData(11)] // attribute length
    [InlineData(7)] // attribute count
    public void EveryFieldIsChecked(int offset)
    {
        byte[] message = Hex.Parse(SstpVectors.CallConnectedSha256);
        message[offset] ^= 0x01;
        (byte[] nonce, _) = SpecInputs(Sha256);
        CryptoBindingResult result = CallConnectedVerifier.Verify(message, Both, nonce, Hashes(Both), Hex.Parse(SstpVectors.HlakSha256Example));
        CryptoBindingResult expected = offset switch
        {
            >= 80 => CryptoBindingResult.CompoundMacMismatch,
            >= 48 => CryptoBindingResult.CertificateHashMismatch,
            >= 16 => CryptoBindingResult.NonceMismatch,
            15 => CryptoBindingResult.HashProtocolNotOffered, // 0x03 is a bitmask, not one algorithm
            _ => CryptoBindingResult.FormatError,
        };
        Assert.Equal(expected, result);
    }

    [Fact]
    public void Sha1PaddingIsIgnored()
    {
        // Bytes 68..79 and 100..111 are outside the compared ranges; but 68..79 are covered by the MAC.
        byte[] message = Hex.Parse(SstpVectors.CallConnectedSha1);
        message[105] = 0xFF;
        (byte[] nonce, _) = SpecInputs(Sha1);
        Assert.Equal(CryptoBindingResult.Ok, CallConnectedVerifier.Verify(message, Both, nonce, Hashes(Both), Hex.Parse(SstpVectors.HlakSha1Example)));
    }

    [Fact]
    public void Sha1RejectedWhenOnlySha256Offered()
    {
        byte[] message = Hex.Parse(SstpVectors.CallConnectedSha1);
        (byte[] nonce, _) = SpecInputs(Sha1);
        Assert.Equal(CryptoBindingResult.HashProtocolNotOffered, CallConnectedVerifier.Verify(message, Sha256, nonce, Hashes(Both), Hex.Parse(SstpVectors.HlakSha1Example)));
    }

    [Fact]
    public void UnknownCertificateHashIsAMismatch()
    {
        // Offered SHA-1 but only the SHA-256 hash is known: cannot be verified.
        byte[] message = Hex.Parse(SstpVectors.CallConnectedSha1);
        (byte[] nonce, _) = SpecInputs(Sha1);
        Assert.Equal(CryptoBindingResult.CertificateHashMismatch, CallConnectedVerifier.Verify(message, Both, nonce, Hashes(Sha256), Hex.Parse(SstpVectors.HlakSha1Example)));
    }

    [Theory]
    [InlineData("10 01 00 08 00 04 00 00")] // no attribute
    [InlineData("10 01 00 08 00 08 00 00")] // not Call Connected
    public void MalformedCallConnectedIsAFormatError(string hex)
    {
        Assert.Equal(CryptoBindingResult.FormatError, CallConnectedVerifier.Verify(Hex.Parse(hex), Both, new byte[32], Hashes(Both), ZeroHlak));
    }

    [Fact]
    public void CallConnectedWithExtraStatusInfoIsAFormatError()
    {
        byte[] message = Hex.Parse(SstpVectors.CallConnectedSha256);
        byte[] longer = [.. message, .. Hex.Parse("00 02 00 0C 00 00 00 03 00 00 00 04")];
        longer[3] = (byte)longer.Length;
        longer[7] = 2;
        Assert.Equal(CryptoBindingResult.FormatError, CallConnectedVerifier.Verify(longer, Both, SpecInputs(Sha256).Nonce, Hashes(Both), Hex.Parse(SstpVectors.HlakSha256Example)));
    }

    [Fact]
    public void ResultsMapToAbortStatusInfos()
    {
        Assert.Equal(SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, CryptoBindingResult.FormatError.AbortAttribId());
        Assert.Equal(SstpAttributeStatus.ATTRIB_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG, CryptoBindingResult.FormatError.AbortStatus());
        foreach (CryptoBindingResult result in new[] { CryptoBindingResult.HashProtocolNotOffered, CryptoBindingResult.NonceMismatch, CryptoBindingResult.CertificateHashMismatch, CryptoBindingResult.CompoundMacMismatch })
        {
            Assert.Equal(SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, result.AbortAttribId());
            Assert.Equal(SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, result.AbortStatus());
        }
    }

    [Fact]
    public void CertificateHashIsTheThumbprintOfTheDerBytes()
    {
        byte[] der = Enumerable.Range(0, 700).Select(i => (byte)(i * 7)).ToArray();
        var hashes = ServerCertificateHashes.FromCertificate(der);
        Assert.Equal(SHA1.HashData(der), hashes.Get(Sha1).ToArray());
        Assert.Equal(SHA256.HashData(der), hashes.Get(Sha256).ToArray());
        Assert.Equal(Both, hashes.Available);
        Assert.Equal(Sha256, new ServerCertificateHashes([], SHA256.HashData(der)).Available);
    }

    [Theory]
    [InlineData(Both, Sha256)]
    [InlineData(Sha256, Sha256)]
    [InlineData(Sha1, Sha1)]
    [InlineData(CertHashProtocols.None, CertHashProtocols.None)]
    [InlineData((CertHashProtocols)0x04, CertHashProtocols.None)]
    public void ClientPrefersSha256(CertHashProtocols offered, CertHashProtocols chosen)
    {
        Assert.Equal(chosen, CallConnectedBuilder.ChooseHashProtocol(offered));
    }

    [Fact]
    public void ClientReadsCryptoBindingRequestFromAck()
    {
        byte[] ack = Hex.Parse("""
            10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 01
            0F 1A 2D 58 D4 A3 E3 00 0F AD 3C E4 90 6E 07 B7
            07 AA 9E 44 1C CE AC 5C BD 7B 2C C1 C9 D8 6C DF
            """);
        SstpControlMessage.TryRead(ack, out SstpControlMessage message);
        Assert.Equal(OperationStatus.Done, CryptoBindingRequest.TryRead(message, out CertHashProtocols offered, out ReadOnlySpan<byte> nonce));
        Assert.Equal(Sha1, offered);
        Assert.Equal(Hex.Parse(SstpVectors.NonceSha1), nonce.ToArray());

        SstpControlMessage.TryRead(Hex.Parse("10 01 00 08 00 08 00 00"), out message);
        Assert.Equal(OperationStatus.InvalidData, CryptoBindingRequest.TryRead(message, out _, out _));
    }

    [Fact]
    public void BuiltMessagesVerifyAndAnyBitFlipIsRejected()
    {
        Gen<(int, (byte[], (byte[], byte[])))> inputs = Gen.Zip(
            Gen.Choose(1, 2),
            Gen.Zip(SstpGenerators.Bytes(32, 32), Gen.Zip(SstpGenerators.Bytes(32, 32), SstpGenerators.Bytes(64, 64))));
        Prop.ForAll(Arb.From(Gen.Zip(inputs, Gen.Choose(0, (112 * 8) - 1))), t =>
        {
            ((int p, (byte[] nonce, (byte[] hlak, byte[] der))), int bit) = t;
            var protocol = (CertHashProtocols)p;
            var hashes = ServerCertificateHashes.FromCertificate(der);
            byte[] message = new byte[112];
            CallConnectedBuilder.Write(message, protocol, nonce, hashes.Get(protocol), hlak);
            bool accepted = CallConnectedVerifier.Verify(message, Both, nonce, hashes, hlak) == CryptoBindingResult.Ok;

            // The MAC covers bytes 0..79, so every flip is caught except in SHA-1's MAC padding.
            message[bit / 8] ^= (byte)(1 << (bit % 8));
            bool ignored = protocol == Sha1 && bit / 8 >= 100;
            bool stillAccepted = CallConnectedVerifier.Verify(message, Both, nonce, hashes, hlak) == CryptoBindingResult.Ok;
            return accepted && stillAccepted == ignored;
        }).QuickCheckThrowOnFailure();
    }

    private static (byte[] Nonce, byte[] CertHash) SpecInputs(CertHashProtocols protocol) => protocol == Sha256
        ? (Hex.Parse(SstpVectors.NonceSha256), Hex.Parse(SstpVectors.CertHashSha256))
        : (Hex.Parse(SstpVectors.NonceSha1), Hex.Parse(SstpVectors.CertHashSha1));

    private static ServerCertificateHashes Hashes(CertHashProtocols known) => new(
        (known & Sha1) != 0 ? Hex.Parse(SstpVectors.CertHashSha1) : [],
        (known & Sha256) != 0 ? Hex.Parse(SstpVectors.CertHashSha256) : []);
}
