using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Eap;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class EapMsChapV2Tests
{
    private static readonly byte[] StoredHash = MsChapV2AlgorithmsTests.Nt(MsChapV2AlgorithmsTests.Password);

    private static AuthPair<EapMsChapV2Authenticator, EapMsChapV2Client> Pair(string user, string password, bool decideLocally = true) =>
        new(
            (output, listener) => new EapMsChapV2Authenticator(output, listener, new PppAuthOptions(), new ScriptedRandom([0x10], MsChapV2AlgorithmsTests.AuthenticatorChallenge)),
            (output, listener) => new EapMsChapV2Client(output, listener, new PppAuthOptions(), new ScriptedRandom(MsChapV2AlgorithmsTests.PeerChallenge), user, password),
            decideLocally ? (server, request) => server.CompleteWithNtHash((MsChapV2VerificationRequest)request, StoredHash, 0) : null);

    [Fact]
    public void RightPasswordGivesTheSameHlakAsPlainMsChapV2()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password);
        pair.Start(0);

        // test-vectors.md §5: EAP-MSCHAPv2 with the same exchange gives the same 32 bytes.
        const string hlak = "d5f0e9521e3ea9589645e86051c822268b7cdc149b993a1ba118cb153f56dccb";
        Assert.Equal(hlak, Hex.Format(Assert.Single(pair.ServerListener.Results).Hlak));
        Assert.Equal(hlak, Hex.Format(Assert.Single(pair.ClientListener.Results).Hlak));
        Assert.Equal(AuthMethod.EapMsChapV2, pair.ServerListener.Results[0].Method);

        // Identity request, then EAP-Success with the Identifier of the last Response.
        Assert.Equal("0110000501", Hex.Format(pair.ServerOut.Sent[0].Packet));
        Assert.Equal("03" + Hex.Format(pair.ClientOut.Last.AsSpan(1, 1)) + "0004", Hex.Format(pair.ServerOut.Last));
        Assert.Equal(6, pair.ClientOut.Last.Length); // Success-Response is the OpCode alone
    }

    [Fact]
    public void WrongPasswordEndsWithEapFailure()
    {
        var pair = Pair("User", "bad");
        pair.Start(0);

        Assert.Equal(AuthFailureReason.CredentialsRejected, Assert.Single(pair.ServerListener.Results).FailureReason);
        Assert.Equal(AuthFailureReason.CredentialsRejected, Assert.Single(pair.ClientListener.Results).FailureReason);
        Assert.Equal((byte)EapCode.Failure, pair.ServerOut.Last[0]);
    }

    [Fact]
    public void AsynchronousDecisionRetransmissionAndReplay()
    {
        var pair = Pair("CORP\\User", MsChapV2AlgorithmsTests.Password, decideLocally: false);
        pair.Server.Start(0);
        Link.Drop(pair.ServerOut); // lost Identity request
        pair.Server.OnTimer(3000);
        pair.Client.Start(3000);
        pair.Link.Pump(3000);
        var request = (MsChapV2VerificationRequest)Assert.Single(pair.ServerListener.Requests);
        Assert.Equal("CORP\\User", request.UserName);

        pair.Server.CompleteWithNtHash(request, StoredHash, 4000);
        pair.Link.Pump(4000);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
        byte[] success = pair.ServerOut.Last;

        pair.Server.Receive(pair.ClientOut.Last, 4100);
        Assert.Equal(success, pair.ServerOut.Last);
    }

    [Fact]
    public void NakForAnotherMethodFailsWithMethodRefused()
    {
        var output = new RecordingOutput();
        var listener = new RecordingListener();
        var server = new EapMsChapV2Authenticator(output, listener, new PppAuthOptions(), new ScriptedRandom([0x20]));
        server.Start(0);
        server.Receive(Hex.Parse("02 20 00 06 03 0D"), 0); // Legacy Nak asking for EAP-TLS

        Assert.Equal(AuthFailureReason.MethodRefused, Assert.Single(listener.Results).FailureReason);
        Assert.Equal("04200004", Hex.Format(output.Last));
    }

    [Fact]
    public void ClientNaksUnknownMethods()
    {
        var output = new RecordingOutput();
        var client = new EapMsChapV2Client(output, new RecordingListener(), new PppAuthOptions(), new ScriptedRandom(), "u", "p");
        client.Start(0);
        client.Receive(Hex.Parse("01 07 00 06 0D 20"), 0); // EAP-TLS Start
        Assert.Equal("020700060" + "31a", Hex.Format(output.Last));
    }

    [Fact]
    public void ChallengeCodec()
    {
        byte[] packet = new byte[64];
        int length = EapMsChapV2Data.WriteChallengeOrResponse(
            packet, EapCode.Request, 5, EapMsChapV2OpCode.Challenge, 5, MsChapV2AlgorithmsTests.AuthenticatorChallenge, "srv"u8);
        // EAP Length 29 = 5 + MS-Length 24 (OpCode..Name).
        Assert.Equal("0105001d1a010500181" + "05b5d7c7d7b3f2f3e3c2c602132262628737276", Hex.Format(packet.AsSpan(0, length)));

        Assert.Equal(OperationStatus.Done, EapPacket.TryParse(packet.AsSpan(0, length), out EapPacket eap));
        Assert.Equal(EapType.MsChapV2, eap.Type);
        Assert.Equal(OperationStatus.Done, EapMsChapV2Data.TryParse(eap.TypeData, out EapMsChapV2Data data));
        Assert.Equal(EapMsChapV2OpCode.Challenge, data.OpCode);
        Assert.Equal(1 + 16 + 3, data.Data.Length);
    }

    [Theory]
    [InlineData("03 01 00 05 01", OperationStatus.InvalidData)] // Success with a type
    [InlineData("01 01 00 04", OperationStatus.InvalidData)] // Request without a type
    [InlineData("01 01 00 08 1A", OperationStatus.NeedMoreData)]
    public void EapRejectsMalformed(string hex, OperationStatus expected)
    {
        Assert.Equal(expected, EapPacket.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void EapRoundTripAndNeverThrows()
    {
        Prop.ForAll(
                Arb.From(Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))),
                body =>
                {
                    byte[] packet = new byte[300];
                    int length = EapMsChapV2Data.WriteMessage(packet, 3, EapMsChapV2OpCode.Success, 9, body);
                    bool roundTrip = EapPacket.TryParse(packet.AsSpan(0, length), out EapPacket eap) == OperationStatus.Done
                        && EapMsChapV2Data.TryParse(eap.TypeData, out EapMsChapV2Data data) == OperationStatus.Done
                        && data.MsChapV2Id == 9 && data.Data.SequenceEqual(body);

                    // The body itself as a packet / type data: any outcome but an exception.
                    EapPacket.TryParse(body, out _);
                    EapMsChapV2Data.TryParse(body, out _);
                    return roundTrip;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MachinesSurviveRandomEapPackets()
    {
        Prop.ForAll(
                Arb.From(Gen.ListOf(
                    from code in Gen.Choose(1, 4)
                    from type in Gen.Elements<byte>(1, 2, 3, 26, 13)
                    from body in Gen.Choose(0, 70).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
                    select (byte[])[(byte)code, 0x10, 0, (byte)(5 + body.Length), type, .. body], 15)),
                packets =>
                {
                    var listener = new RecordingListener();
                    PppAuthExchange[] machines =
                    [
                        new EapMsChapV2Authenticator(new RecordingOutput(), listener, new PppAuthOptions(), new ScriptedRandom([0x0F])),
                        new EapMsChapV2Client(new RecordingOutput(), listener, new PppAuthOptions(), new ScriptedRandom(), "u", "p"),
                    ];
                    foreach (PppAuthExchange machine in machines)
                    {
                        machine.Start(0);
                        foreach (byte[] packet in packets)
                        {
                            machine.Receive(packet, 1);
                        }
                    }

                    return listener.Results.Count <= 2;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SuccessRequestTextIsTheRfcMessage()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password);
        pair.Start(0);
        byte[] successRequest = pair.ServerOut.Sent.Single(s => s.Packet[0] == 1 && s.Packet.Length > 9 && s.Packet[5] == 3).Packet;
        Assert.Equal(OperationStatus.Done, EapPacket.TryParse(successRequest, out EapPacket eap));
        EapMsChapV2Data.TryParse(eap.TypeData, out EapMsChapV2Data data);
        Assert.StartsWith(MsChapV2AlgorithmsTests.AuthenticatorResponse + " M=", Encoding.ASCII.GetString(data.Data), StringComparison.Ordinal);
    }
}
