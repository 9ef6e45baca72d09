using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Auth.Pap;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class AuthCodecTests
{
    private static readonly Gen<byte[]> AnyBytes = Gen.Sized(size => Gen.Choose(0, Math.Min(size, 300)))
        .SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));

    private static Gen<byte[]> Field(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n));

    // Packets near a valid shape: a real packet with some bytes flipped, cut or extended.
    private static Gen<byte[]> Mutated(params byte[][] seeds) =>
        Gen.Elements(seeds).SelectMany(seed =>
            (from position in Gen.Choose(0, seed.Length)
             from value in ArbMap.Default.GeneratorFor<byte>()
             from mode in Gen.Choose(0, 3)
             select (position, value, mode))
            .Select(t =>
            {
                byte[] copy = (byte[])seed.Clone();
                (int position, byte value, int mode) = t;
                return mode switch
                {
                    0 => copy[..position],
                    1 when position < copy.Length => SetAt(copy, position, value),
                    2 => [.. copy, value],
                    _ => position < 4 && copy.Length > 3 ? SetAt(copy, 3, value) : copy,
                };
            }));

    private static byte[] SetAt(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }

    [Fact]
    public void PapRequestBytes()
    {
        byte[] packet = new byte[64];
        int length = PapPacket.WriteAuthenticateRequest(packet, 7, "bob"u8, "pw"u8);
        Assert.Equal("0107000b03626f62027077", Hex.Format(packet.AsSpan(0, length)));

        Assert.Equal(OperationStatus.Done, PapPacket.TryParse(packet.AsSpan(0, length), out PapPacket parsed));
        Assert.Equal(PapCode.AuthenticateRequest, parsed.Code);
        Assert.Equal("bob", Encoding.ASCII.GetString(parsed.PeerId));
        Assert.Equal("pw", Encoding.ASCII.GetString(parsed.Password));
    }

    [Fact]
    public void PapAckLengthCoversTheMessage()
    {
        // Interop #30: Length must include Msg-Length and Message.
        byte[] packet = new byte[16];
        int length = PapPacket.WriteReply(packet, PapCode.AuthenticateAck, 7, "OK"u8);
        Assert.Equal("02070007024f4b", Hex.Format(packet.AsSpan(0, length)));
    }

    [Fact]
    public void PapAckWithLengthFourIsAnEmptyMessage()
    {
        // The MikroTik form (Length 4, message appended beyond it) is tolerated as an Ack.
        Assert.Equal(OperationStatus.Done, PapPacket.TryParse(Hex.Parse("02 07 00 04 02 4F 4B"), out PapPacket parsed));
        Assert.Equal(PapCode.AuthenticateAck, parsed.Code);
        Assert.True(parsed.Message.IsEmpty);
    }

    [Theory]
    [InlineData("01 07 00 0B 09 62 6F 62 02 70 77", OperationStatus.InvalidData)] // Peer-ID length past the end
    [InlineData("01 07 00 03", OperationStatus.InvalidData)] // Length below the header
    [InlineData("01 07 00 0B 03 62", OperationStatus.NeedMoreData)] // truncated body
    [InlineData("01 07", OperationStatus.NeedMoreData)]
    [InlineData("09 07 00 04", OperationStatus.InvalidData)] // unknown code
    [InlineData("03 07 00 06 05 41", OperationStatus.InvalidData)] // Msg-Length past the end
    public void PapRejectsMalformedPackets(string hex, OperationStatus expected)
    {
        Assert.Equal(expected, PapPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void PapRoundTrip()
    {
        Prop.ForAll(
                Arb.From(from peer in Field(255) from password in Field(255) from id in ArbMap.Default.GeneratorFor<byte>() select (peer, password, id)),
                t =>
                {
                    (byte[] peer, byte[] password, byte id) = t;
                    byte[] buffer = new byte[600];
                    int length = PapPacket.WriteAuthenticateRequest(buffer, id, peer, password);
                    return PapPacket.TryParse(buffer.AsSpan(0, length), out PapPacket p) == OperationStatus.Done
                        && p.Identifier == id && p.PeerId.SequenceEqual(peer) && p.Password.SequenceEqual(password);
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ChapChallengeBytes()
    {
        byte[] packet = new byte[64];
        int length = ChapPacket.WriteChallengeOrResponse(packet, ChapCode.Challenge, 1, MsChapV2AlgorithmsTests.AuthenticatorChallenge, "srv"u8);
        Assert.Equal("010100181" + "05b5d7c7d7b3f2f3e3c2c602132262628737276", Hex.Format(packet.AsSpan(0, length)));

        Assert.Equal(OperationStatus.Done, ChapPacket.TryParse(packet.AsSpan(0, length), out ChapPacket parsed));
        Assert.Equal(ChapCode.Challenge, parsed.Code);
        Assert.True(parsed.Value.SequenceEqual(MsChapV2AlgorithmsTests.AuthenticatorChallenge));
        Assert.Equal("srv", Encoding.ASCII.GetString(parsed.Name));
    }

    [Theory]
    [InlineData("02 01 00 05 00", OperationStatus.InvalidData)] // Value-Size 0
    [InlineData("02 01 00 06 05 01", OperationStatus.InvalidData)] // Value past the end
    [InlineData("07 01 00 04", OperationStatus.InvalidData)] // Change-Password is not supported
    [InlineData("03 01 00 08 4F 4B", OperationStatus.NeedMoreData)]
    public void ChapRejectsMalformedPackets(string hex, OperationStatus expected)
    {
        Assert.Equal(expected, ChapPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void ChapRoundTrip()
    {
        Prop.ForAll(
                Arb.From(
                    from value in Field(255).Where(v => v.Length > 0)
                    from name in Field(200)
                    from code in Gen.Elements(ChapCode.Challenge, ChapCode.Response, ChapCode.Success, ChapCode.Failure)
                    select (value, name, code)),
                t =>
                {
                    (byte[] value, byte[] name, ChapCode code) = t;
                    byte[] buffer = new byte[600];
                    bool message = code is ChapCode.Success or ChapCode.Failure;
                    int length = message
                        ? ChapPacket.WriteMessage(buffer, code, 9, name)
                        : ChapPacket.WriteChallengeOrResponse(buffer, code, 9, value, name);
                    return ChapPacket.TryParse(buffer.AsSpan(0, length), out ChapPacket p) == OperationStatus.Done
                        && p.Code == code && p.Identifier == 9
                        && (message ? p.Message.SequenceEqual(name) : p.Value.SequenceEqual(value) && p.Name.SequenceEqual(name));
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ParsersNeverThrowOnRandomOrMutatedInput()
    {
        byte[] pap = Hex.Parse("01 07 00 0B 03 62 6F 62 02 70 77");
        byte[] chap = Hex.Parse("02 01 00 09 03 01 02 03 41 42");
        byte[] success = Encoding.ASCII.GetBytes("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=OK");
        byte[] failure = Encoding.ASCII.GetBytes("E=691 R=0 C=00112233445566778899AABBCCDDEEFF V=3 M=no");
        Prop.ForAll(
                Arb.From(Gen.OneOf(AnyBytes, Mutated(pap, chap, success, failure))),
                input =>
                {
                    OperationStatus papStatus = PapPacket.TryParse(input, out PapPacket p);
                    OperationStatus chapStatus = ChapPacket.TryParse(input, out ChapPacket c);
                    OperationStatus valueStatus = MsChapV2ResponseValue.TryParse(input, out _);
                    OperationStatus successStatus = MsChapV2SuccessMessage.TryParse(input, out ReadOnlySpan<byte> auth, out _);
                    OperationStatus failureStatus = MsChapV2FailureMessage.TryParse(input, out MsChapV2Failure f);
                    return Documented(papStatus) && Documented(chapStatus) && Documented(valueStatus)
                        && Documented(successStatus) && Documented(failureStatus)
                        && (papStatus != OperationStatus.Done || p.PeerId.Length + p.Password.Length + p.Message.Length <= input.Length)
                        && (chapStatus != OperationStatus.Done || c.Value.Length > 0)
                        && (successStatus != OperationStatus.Done || auth.Length == 42)
                        && (failureStatus != OperationStatus.Done || f.ErrorCode >= 0);
                })
            .QuickCheckThrowOnFailure();
    }

    private static bool Documented(OperationStatus status) =>
        status is OperationStatus.Done or OperationStatus.NeedMoreData or OperationStatus.InvalidData;

    [Fact]
    public void MsChapV2ResponseValueLayout()
    {
        byte[] value = new byte[49];
        MsChapV2ResponseValue.Write(value, MsChapV2AlgorithmsTests.PeerChallenge, MsChapV2AlgorithmsTests.NtResponse);
        Assert.Equal(
            "21402324255e262a28295f2b3a337c7e" + "0000000000000000" + "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df" + "00",
            Hex.Format(value));
        Assert.Equal(OperationStatus.Done, MsChapV2ResponseValue.TryParse(value, out MsChapV2ResponseValue parsed));
        Assert.True(parsed.NtResponse.SequenceEqual(MsChapV2AlgorithmsTests.NtResponse));
        Assert.True(parsed.PeerChallenge.SequenceEqual(MsChapV2AlgorithmsTests.PeerChallenge));
        Assert.Equal(OperationStatus.InvalidData, MsChapV2ResponseValue.TryParse(value.AsSpan(0, 48), out _));
    }

    [Fact]
    public void SuccessMessageMatchesTheDocumentedBytes()
    {
        // test-vectors.md §7: "S=407A…DA56 M=OK".
        byte[] message = new byte[64];
        int length = MsChapV2SuccessMessage.Format(message, Encoding.ASCII.GetBytes(MsChapV2AlgorithmsTests.AuthenticatorResponse), "OK"u8);
        Assert.Equal(
            "533d34303741353538393131354644304436323039463531304645394330343536363933324344413536204d3d4f4b",
            Hex.Format(message.AsSpan(0, length)));
    }

    [Theory]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=OK", "OK")]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA56M=OK", "OK")] // Windows Server 2019
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA56", "")] // SoftEther
    public void SuccessMessageVariantsParse(string text, string expectedText)
    {
        Assert.Equal(OperationStatus.Done, MsChapV2SuccessMessage.TryParse(Encoding.ASCII.GetBytes(text), out ReadOnlySpan<byte> auth, out ReadOnlySpan<byte> message));
        Assert.True(MsChapV2SuccessMessage.Matches(auth, Encoding.ASCII.GetBytes(MsChapV2AlgorithmsTests.AuthenticatorResponse)));
        Assert.Equal(expectedText, Encoding.ASCII.GetString(message));
    }

    [Theory]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA5")]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA5G M=x")]
    [InlineData("X=407A5589115FD0D6209F510FE9C04566932CDA56")]
    [InlineData("S=407A5589115FD0D6209F510FE9C04566932CDA56 junk")]
    public void SuccessMessageRejectsMalformed(string text)
    {
        Assert.Equal(OperationStatus.InvalidData, MsChapV2SuccessMessage.TryParse(Encoding.ASCII.GetBytes(text), out _, out _));
    }

    [Fact]
    public void SuccessMatchIsCaseInsensitiveButExact()
    {
        byte[] expected = Encoding.ASCII.GetBytes(MsChapV2AlgorithmsTests.AuthenticatorResponse);
        Assert.True(MsChapV2SuccessMessage.Matches(Encoding.ASCII.GetBytes("S=407a5589115fd0d6209f510fe9c04566932cda56"), expected));
        Assert.False(MsChapV2SuccessMessage.Matches(Encoding.ASCII.GetBytes("S=407A5589115FD0D6209F510FE9C04566932CDA57"), expected));
    }

    [Fact]
    public void FailureMessageFormat()
    {
        byte[] message = new byte[128];
        int length = MsChapV2FailureMessage.Format(
            message, MsChapV2ErrorCode.ERROR_AUTHENTICATION_FAILURE, retry: false, MsChapV2AlgorithmsTests.AuthenticatorChallenge, "Authentication failed"u8);
        Assert.Equal(
            "E=691 R=0 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=Authentication failed",
            Encoding.ASCII.GetString(message, 0, length));
    }

    [Fact]
    public void FailureMessageParse()
    {
        Assert.Equal(
            OperationStatus.Done,
            MsChapV2FailureMessage.TryParse("E=648 R=1 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=expired now"u8, out MsChapV2Failure failure));
        Assert.Equal(648, failure.ErrorCode);
        Assert.True(failure.Retry);
        Assert.Equal(3, failure.Version);
        Assert.Equal("expired now", Encoding.ASCII.GetString(failure.Text));
        byte[] challenge = new byte[16];
        Assert.True(failure.TryGetChallenge(challenge));
        Assert.Equal(MsChapV2AlgorithmsTests.AuthenticatorChallenge, challenge);

        // accel's default omits C= (interop #33): still a failure we understand.
        Assert.Equal(OperationStatus.Done, MsChapV2FailureMessage.TryParse("E=691 R=0 V=3"u8, out failure));
        Assert.False(failure.TryGetChallenge(challenge));
    }

    [Theory]
    [InlineData("R=0 V=3")]
    [InlineData("E=x R=0")]
    [InlineData("E=691 R=2")]
    [InlineData("E=691 C=1234")]
    public void FailureMessageRejectsMalformed(string text)
    {
        Assert.Equal(OperationStatus.InvalidData, MsChapV2FailureMessage.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void FailureMessageRoundTrip()
    {
        Prop.ForAll(
                Arb.From(
                    from error in Gen.Elements(Enum.GetValues<MsChapV2ErrorCode>())
                    from retry in ArbMap.Default.GeneratorFor<bool>()
                    from challenge in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16)
                    from n in Gen.Choose(0, 40)
                    select (error, retry, challenge, Encoding.ASCII.GetBytes(new string('x', n) + " y"))),
                t =>
                {
                    (MsChapV2ErrorCode error, bool retry, byte[] challenge, byte[] text) = t;
                    byte[] buffer = new byte[256];
                    int length = MsChapV2FailureMessage.Format(buffer, error, retry, challenge, text);
                    byte[] decoded = new byte[16];
                    return MsChapV2FailureMessage.TryParse(buffer.AsSpan(0, length), out MsChapV2Failure f) == OperationStatus.Done
                        && f.ErrorCode == (int)error && f.Retry == retry && f.Version == 3
                        && f.TryGetChallenge(decoded) && decoded.AsSpan().SequenceEqual(challenge)
                        && f.Text.SequenceEqual(text);
                })
            .QuickCheckThrowOnFailure();
    }
}
