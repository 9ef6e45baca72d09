using System.Buffers;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Pap;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class PapExchangeTests
{
    private static readonly byte[] StoredHash = MsChapV2AlgorithmsTests.Nt("clientPass");

    private static AuthPair<PapAuthenticator, PapClient> Pair(string password, bool decideLocally = true, PppAuthOptions? options = null)
    {
        options ??= new PppAuthOptions();
        return new(
            (output, listener) => new PapAuthenticator(output, listener, options),
            (output, listener) => new PapClient(output, listener, options, "bob", password),
            decideLocally ? (server, request) => server.CompleteWithNtHash((PapVerificationRequest)request, StoredHash, 0) : null);
    }

    [Fact]
    public void RightPasswordIsAckedWithAZeroHlak()
    {
        var pair = Pair("clientPass");
        pair.Server.Start(0);
        pair.Client.Start(0);
        pair.Link.Pump(0);

        AuthResult server = Assert.Single(pair.ServerListener.Results);
        Assert.True(server.Succeeded);
        Assert.Equal("bob", server.UserName);
        Assert.Equal(new byte[32], server.Hlak.ToArray());
        Assert.True(Assert.Single(pair.ClientListener.Results).Succeeded);
        Assert.Equal(OperationStatus.Done, PapPacket.TryParse(pair.ServerOut.Last, out PapPacket ack));
        Assert.Equal(PapCode.AuthenticateAck, ack.Code);
    }

    [Fact]
    public void WrongPasswordIsNaked()
    {
        var pair = Pair("nope");
        pair.Server.Start(0);
        pair.Client.Start(0);
        pair.Link.Pump(0);

        Assert.Equal(AuthFailureReason.CredentialsRejected, Assert.Single(pair.ServerListener.Results).FailureReason);
        Assert.Equal(AuthFailureReason.CredentialsRejected, Assert.Single(pair.ClientListener.Results).FailureReason);
        PapPacket.TryParse(pair.ServerOut.Last, out PapPacket nak);
        Assert.Equal(PapCode.AuthenticateNak, nak.Code);
    }

    [Fact]
    public void ClientRetransmitsUntilTheServerListens()
    {
        var pair = Pair("clientPass");
        pair.Client.Start(0);
        Link.Drop(pair.ClientOut);
        pair.Client.OnTimer(2999);
        Assert.Single(pair.ClientOut.Sent);
        pair.Client.OnTimer(3000);
        Assert.Equal(2, pair.ClientOut.Sent.Count);

        pair.Server.Start(3000);
        pair.Link.Pump(3000);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);
    }

    [Fact]
    public void ClientGivesUpAfterMaxTransmits()
    {
        var pair = Pair("clientPass", options: new PppAuthOptions { MaxTransmits = 3 });
        pair.Client.Start(0);
        for (long now = 0; pair.Client.State == AuthState.Authenticating; now += 1000)
        {
            pair.Client.OnTimer(now);
        }

        Assert.Equal(3, pair.ClientOut.Sent.Count);
        Assert.Equal(AuthFailureReason.NoResponse, Assert.Single(pair.ClientListener.Results).FailureReason);
    }

    [Fact]
    public void DuplicateRequestAfterAckGetsTheAckAgain()
    {
        var pair = Pair("clientPass");
        pair.Server.Start(0);
        pair.Client.Start(0);
        pair.Link.Pump(0);
        byte[] ack = pair.ServerOut.Last;

        pair.Server.Receive(pair.ClientOut.Last, 10);
        Assert.Equal(ack, pair.ServerOut.Last);
        Assert.Single(pair.ServerListener.Requests);
    }

    [Fact]
    public void AsynchronousAcceptAndServerTimeout()
    {
        var pair = Pair("anything", decideLocally: false);
        pair.Server.Start(0);
        pair.Client.Start(0);
        pair.Link.Pump(0);
        var request = (PapVerificationRequest)Assert.Single(pair.ServerListener.Requests);
        Assert.Equal("anything"u8.ToArray(), request.Password.ToArray());

        pair.Server.Accept(request, 1000);
        pair.Link.Pump(1000);
        Assert.Equal(AuthState.Succeeded, pair.Client.State);

        var late = Pair("anything", decideLocally: false);
        late.Server.Start(0);
        late.Server.OnTimer(30_000);
        Assert.Equal(AuthFailureReason.Timeout, Assert.Single(late.ServerListener.Results).FailureReason);
    }

    [Fact]
    public void LocalVerifierComparesNtHashes()
    {
        Assert.True(LocalVerifier.VerifyPap("clientPass"u8, StoredHash));
        Assert.False(LocalVerifier.VerifyPap("clientpass"u8, StoredHash));
        Assert.False(LocalVerifier.VerifyPap("clientPass"u8, StoredHash.AsSpan(0, 15)));
    }
}
