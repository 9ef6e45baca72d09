using System.Buffers;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class ChapMd5ExchangeTests
{
    private static AuthPair<ChapMd5Authenticator, ChapMd5Client> Pair(string secret, bool decideLocally = true)
    {
        var options = new PppAuthOptions();
        return new(
            (output, listener) => new ChapMd5Authenticator(output, listener, options, new ScriptedRandom([0x01], MsChapV2AlgorithmsTests.AuthenticatorChallenge)),
            (output, listener) => new ChapMd5Client(output, listener, options, "bob", secret),
            decideLocally ? (server, request) => server.CompleteWithSecret((ChapMd5VerificationRequest)request, "clientPass"u8, 0) : null);
    }

    [Fact]
    public void RightSecretSucceedsWithTheDocumentedResponse()
    {
        var pair = Pair("clientPass");
        pair.Start(0);

        // test-vectors.md §3.2: Identifier 1 and the RFC 2759 challenge.
        var request = (ChapMd5VerificationRequest)Assert.Single(pair.ServerListener.Requests);
        Assert.Equal("5f09d7e952d4b481108861304e6de873", Hex.Format(request.Response));
        Assert.True(Assert.Single(pair.ServerListener.Results).Succeeded);
        Assert.Equal(new byte[32], pair.ClientListener.Results[0].Hlak.ToArray());
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
    }

    [Fact]
    public void WrongSecretFails()
    {
        var pair = Pair("wrong");
        pair.Start(0);

        Assert.Equal(AuthFailureReason.CredentialsRejected, pair.ServerListener.Results[0].FailureReason);
        Assert.Equal(AuthFailureReason.CredentialsRejected, pair.ClientListener.Results[0].FailureReason);
        ChapPacket.TryParse(pair.ServerOut.Last, out ChapPacket failure);
        Assert.Equal(ChapCode.Failure, failure.Code);
    }

    [Fact]
    public void AsynchronousDecisionAndDuplicateResponse()
    {
        var pair = Pair("clientPass", decideLocally: false);
        pair.Start(0);
        Assert.Equal(AuthState.Verifying, pair.Server.State);

        pair.Server.Accept((ChapMd5VerificationRequest)pair.ServerListener.Requests[0], 2000);
        pair.Link.Pump(2000);
        byte[] success = pair.ServerOut.Last;
        Assert.Equal(AuthState.Succeeded, pair.Client.State);

        pair.Server.Receive(pair.ClientOut.Last, 2500);
        Assert.Equal(success, pair.ServerOut.Last);
        Assert.Equal(OperationStatus.Done, ChapPacket.TryParse(success, out ChapPacket parsed));
        Assert.Equal(ChapCode.Success, parsed.Code);
    }

    [Fact]
    public void ChallengeRetransmissionIsDrivenByThePassedClock()
    {
        var pair = Pair("clientPass");
        pair.Server.Start(1_000);
        Link.Drop(pair.ServerOut);
        pair.Server.OnTimer(3_999);
        Assert.Single(pair.ServerOut.Sent);
        pair.Server.OnTimer(4_000);
        Assert.Equal(2, pair.ServerOut.Sent.Count);
        Assert.Equal(7_000, pair.Server.NextTimerMs);

        pair.Client.Start(4_000);
        pair.Link.Pump(4_000);
        Assert.Equal(AuthState.Succeeded, pair.Server.State);
    }

    [Fact]
    public void ClientIgnoresSuccessForAnotherIdentifier()
    {
        var output = new RecordingOutput();
        var listener = new RecordingListener();
        var client = new ChapMd5Client(output, listener, new PppAuthOptions(), "bob", "clientPass");
        client.Start(0);
        client.Receive(Hex.Parse("03 05 00 04"), 0); // Success before any Response
        Assert.Empty(listener.Results);
        Assert.Equal(AuthState.Authenticating, client.State);
    }
}
