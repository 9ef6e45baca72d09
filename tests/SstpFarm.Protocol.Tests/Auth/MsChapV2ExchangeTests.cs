using System.Buffers;
using System.Text;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class MsChapV2ExchangeTests
{
    private const string Rfc2759Hlak = "d5f0e9521e3ea9589645e86051c822268b7cdc149b993a1ba118cb153f56dccb";

    private static readonly byte[] StoredHash = MsChapV2AlgorithmsTests.Nt(MsChapV2AlgorithmsTests.Password);

    private static AuthPair<MsChapV2Authenticator, MsChapV2Client> Pair(
        string user,
        string password,
        Action<MsChapV2Authenticator, AuthVerificationRequest>? decide = null,
        PppAuthOptions? options = null)
    {
        options ??= new PppAuthOptions();
        return new(
            (output, listener) => new MsChapV2Authenticator(output, listener, options, new ScriptedRandom([0x42], MsChapV2AlgorithmsTests.AuthenticatorChallenge)),
            (output, listener) => new MsChapV2Client(output, listener, options, new ScriptedRandom(MsChapV2AlgorithmsTests.PeerChallenge), user, password),
            decide);
    }

    private static byte[] Challenge(byte identifier)
    {
        byte[] challenge = new byte[64];
        int length = ChapPacket.WriteChallengeOrResponse(challenge, ChapCode.Challenge, identifier, MsChapV2AlgorithmsTests.AuthenticatorChallenge, "srv"u8);
        return challenge[..length];
    }

    private static void LocalStore(MsChapV2Authenticator server, AuthVerificationRequest request) =>
        server.CompleteWithNtHash((MsChapV2VerificationRequest)request, StoredHash, nowMs: 0);

    [Fact]
    public void RightPasswordSucceedsOnBothSidesWithTheRfcHlak()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, LocalStore);
        pair.Start(0);

        Assert.Equal(AuthState.Succeeded, pair.Server.State);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
        AuthResult server = Assert.Single(pair.ServerListener.Results);
        AuthResult client = Assert.Single(pair.ClientListener.Results);
        Assert.Equal("User", server.UserName);

        // The scripted challenges are those of RFC 2759 §9.2, so the exchange is the published one.
        Assert.Equal(Rfc2759Hlak, Hex.Format(server.Hlak));
        Assert.Equal(Rfc2759Hlak, Hex.Format(client.Hlak));
        Assert.Equal(OperationStatus.Done, ChapPacket.TryParse(pair.ServerOut.Last, out ChapPacket success));
        Assert.Equal(ChapCode.Success, success.Code);
        Assert.Equal(MsChapV2AlgorithmsTests.AuthenticatorResponse + " M=Authentication succeeded", Encoding.ASCII.GetString(success.Message));
    }

    [Fact]
    public void ResponseBytesAreTheRfcValues()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password);
        pair.Start(0);

        var request = (MsChapV2VerificationRequest)Assert.Single(pair.ServerListener.Requests);
        Assert.Equal(0x42, request.Identifier);
        Assert.True(request.NtResponse.SequenceEqual(MsChapV2AlgorithmsTests.NtResponse));
        Assert.True(request.PeerChallenge.SequenceEqual(MsChapV2AlgorithmsTests.PeerChallenge));
        Assert.True(request.AuthenticatorChallenge.SequenceEqual(MsChapV2AlgorithmsTests.AuthenticatorChallenge));
    }

    [Fact]
    public void WrongPasswordFailsWithA691Failure()
    {
        var pair = Pair("User", "wrongPass", LocalStore);
        pair.Start(0);

        Assert.Equal(AuthFailureReason.CredentialsRejected, Assert.Single(pair.ServerListener.Results).FailureReason);
        Assert.Equal(AuthFailureReason.CredentialsRejected, Assert.Single(pair.ClientListener.Results).FailureReason);
        Assert.Equal(OperationStatus.Done, ChapPacket.TryParse(pair.ServerOut.Last, out ChapPacket failure));
        Assert.Equal(ChapCode.Failure, failure.Code);
        Assert.Matches("^E=691 R=0 C=[0-9A-F]{32} V=3 M=Authentication failed$", Encoding.ASCII.GetString(failure.Message));
        Assert.Equal(new byte[32], pair.ServerListener.Results[0].Hlak.ToArray());
    }

    [Fact]
    public void SpecificErrorCodeReachesTheClient()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, (server, request) =>
            server.Reject((MsChapV2VerificationRequest)request, MsChapV2ErrorCode.ERROR_NO_DIALIN_PERMISSION, 0));
        pair.Start(0);

        ChapPacket.TryParse(pair.ServerOut.Last, out ChapPacket failure);
        Assert.StartsWith("E=649 R=0 C=", Encoding.ASCII.GetString(failure.Message), StringComparison.Ordinal);
        Assert.Equal(AuthState.Failed, pair.Client.State);
    }

    [Fact]
    public void DomainPrefixIsKeptForLookupAndStrippedForTheHash()
    {
        var pair = Pair("CORP\\User", MsChapV2AlgorithmsTests.Password, LocalStore);
        pair.Start(0);

        Assert.Equal("CORP\\User", pair.ServerListener.Requests[0].UserName);
        Assert.Equal(AuthState.Succeeded, pair.Server.State);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
        Assert.Equal(Rfc2759Hlak, Hex.Format(pair.ClientListener.Results[0].Hlak));
    }

    [Fact]
    public void AsynchronousCompletionWithRadiusKeys()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password);
        pair.Start(0);
        Assert.Equal(AuthState.Verifying, pair.Server.State);
        int sentBeforeDecision = pair.ServerOut.Sent.Count;

        // While the verifier works, neither a timer nor a retransmitted Response produces output.
        pair.Server.OnTimer(10_000);
        pair.Server.Receive(pair.ClientOut.Last, 10_000);
        Assert.Equal(sentBeforeDecision, pair.ServerOut.Sent.Count);
        Assert.Single(pair.ServerListener.Requests);

        var request = (MsChapV2VerificationRequest)pair.ServerListener.Requests[0];
        byte[] hlak = new byte[32];
        SstpHlak.FromMppeKeys(Hex.Parse("d5f0e9521e3ea9589645e86051c82226"), Hex.Parse("8b7cdc149b993a1ba118cb153f56dccb"), hlak);
        pair.Server.Accept(request, Encoding.ASCII.GetBytes(MsChapV2AlgorithmsTests.AuthenticatorResponse), hlak, 12_000);
        pair.Link.Pump(12_000);

        Assert.Equal(AuthState.Succeeded, pair.Server.State);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
        Assert.Equal(Rfc2759Hlak, Hex.Format(pair.ClientListener.Results[0].Hlak));
    }

    [Fact]
    public void DecisionAfterTheDeadlineFailsWithTimeout()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, options: new PppAuthOptions { AuthTimeoutMs = 5000 });
        pair.Start(0);
        var request = (MsChapV2VerificationRequest)pair.ServerListener.Requests[0];

        pair.Server.CompleteWithNtHash(request, StoredHash, 5000);

        Assert.Equal(AuthFailureReason.Timeout, Assert.Single(pair.ServerListener.Results).FailureReason);
        // A second decision for the same request is ignored.
        pair.Server.CompleteWithNtHash(request, StoredHash, 5001);
        Assert.Single(pair.ServerListener.Results);
    }

    [Fact]
    public void VerifierThatNeverAnswersTimesOutOnTheHeartbeat()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password);
        pair.Start(0);
        Assert.Equal(30_000, pair.Server.NextTimerMs);

        pair.Server.OnTimer(29_999);
        Assert.Equal(AuthState.Verifying, pair.Server.State);
        pair.Server.OnTimer(30_000);
        Assert.Equal(AuthFailureReason.Timeout, Assert.Single(pair.ServerListener.Results).FailureReason);
        Assert.Equal(long.MaxValue, pair.Server.NextTimerMs);
    }

    [Fact]
    public void ChallengeIsRetransmittedWithTheSameIdentifierUntilAnswered()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, LocalStore);
        pair.Server.Start(0);
        Link.Drop(pair.ServerOut); // the peer's LCP was not Opened yet (interop #27)

        Assert.Equal(3000, pair.Server.NextTimerMs);
        pair.Server.OnTimer(2999);
        Assert.Single(pair.ServerOut.Sent);
        pair.Server.OnTimer(3000);
        Assert.Equal(2, pair.ServerOut.Sent.Count);
        Assert.Equal(pair.ServerOut.Sent[0].Packet, pair.ServerOut.Sent[1].Packet);

        pair.Client.Start(3000);
        pair.Link.Pump(3000);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
        Assert.Equal(AuthState.Succeeded, pair.Server.State);
    }

    [Fact]
    public void UnansweredChallengeGivesUpAfterMaxTransmits()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, options: new PppAuthOptions { MaxTransmits = 4, RestartIntervalMs = 2000 });
        pair.Server.Start(0);
        for (long now = 0; pair.Server.State == AuthState.Authenticating; now += 500)
        {
            pair.Server.OnTimer(now);
        }

        Assert.Equal(4, pair.ServerOut.Sent.Count);
        Assert.Equal(AuthFailureReason.NoResponse, Assert.Single(pair.ServerListener.Results).FailureReason);
    }

    [Fact]
    public void DuplicateResponseAfterSuccessGetsTheSameSuccess()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, LocalStore);
        pair.Client.Start(0);
        pair.Server.Start(0);
        pair.Link.Pump(0);
        byte[] success = pair.ServerOut.Last;

        pair.Server.Receive(pair.ClientOut.Last, 100);
        Assert.Equal(success, pair.ServerOut.Last);
        Assert.Single(pair.ServerListener.Results);
        Assert.Single(pair.ServerListener.Requests);
    }

    [Fact]
    public void ResponseWithAnotherIdentifierIsIgnored()
    {
        var pair = Pair("User", MsChapV2AlgorithmsTests.Password, LocalStore);
        pair.Client.Start(0);
        pair.Server.Start(0);
        pair.Link.Pump(0);
        byte[] response = (byte[])pair.ClientOut.Last.Clone();
        response[1] ^= 0xFF;

        var fresh = Pair("User", MsChapV2AlgorithmsTests.Password, LocalStore);
        fresh.Server.Start(0);
        fresh.Server.Receive(response, 0);
        Assert.Empty(fresh.ServerListener.Requests);
        Assert.Equal(AuthState.Authenticating, fresh.Server.State);
    }

    [Fact]
    public void ClientRejectsAWrongAuthenticatorResponse()
    {
        var output = new RecordingOutput();
        var listener = new RecordingListener();
        var client = new MsChapV2Client(output, listener, new PppAuthOptions(), new ScriptedRandom(MsChapV2AlgorithmsTests.PeerChallenge), "User", MsChapV2AlgorithmsTests.Password);
        client.Start(0);
        client.Receive(Challenge(7), 0);

        byte[] success = new byte[128];
        int length = ChapPacket.WriteMessage(success, ChapCode.Success, 7, "S=407A5589115FD0D6209F510FE9C04566932CDA57 M=OK"u8);
        client.Receive(success.AsSpan(0, length), 0);

        Assert.Equal(AuthFailureReason.AuthenticatorResponseMismatch, Assert.Single(listener.Results).FailureReason);
    }

    [Fact]
    public void ClientAnswersARetransmittedChallengeWithTheSameResponse()
    {
        var output = new RecordingOutput();
        var client = new MsChapV2Client(output, new RecordingListener(), new PppAuthOptions(), new ScriptedRandom(), "User", MsChapV2AlgorithmsTests.Password);
        client.Start(0);
        client.Receive(Challenge(7), 0);
        client.Receive(Challenge(7), 3000);

        Assert.Equal(2, output.Sent.Count);
        Assert.Equal(output.Sent[0].Packet, output.Sent[1].Packet);
    }

    [Fact]
    public void WeakDesKeyPasswordWorksEndToEnd()
    {
        // test-vectors.md §3.3: the third DES key is 0101010101010101.
        byte[] weakHash = MsChapV2AlgorithmsTests.Nt("weak43764");
        var pair = Pair("User", "weak43764", (server, request) =>
            server.CompleteWithNtHash((MsChapV2VerificationRequest)request, weakHash, 0));
        pair.Start(0);

        Assert.Equal("4a27a7b4d6004b69afdc301499cfe79931d6620eb2dd5ee6c46a9bd6bb7d498f", Hex.Format(pair.ServerListener.Results[0].Hlak));
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
        ChapPacket.TryParse(pair.ServerOut.Last, out ChapPacket success);
        Assert.StartsWith("S=0850C8133A50D8926AF6DC427CB4D41B0C4BEF39 M=", Encoding.ASCII.GetString(success.Message), StringComparison.Ordinal);
    }
}
