using System.Net;
using System.Text;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Protocol.Tests.Link;

public sealed class PppLinkTests
{
    private const string Password = "clientPass";

    private static PppLinkOptions ServerOptions(LcpAuthMethod method, bool ipv6 = true) => new()
    {
        Role = PppRole.Server,
        Lcp = new LcpOptions { Role = PppRole.Server, AuthMethods = [method] },
        EnableIpv6 = ipv6,
    };

    private static PppLinkOptions ClientOptions(string password = Password, bool ipv6 = true) => new()
    {
        Role = PppRole.Client,
        UserName = "User",
        Password = password,
        EnableIpv6 = ipv6,
    };

    private static void VerifyWithNtHash(LinkHost host, AuthVerificationRequest request)
    {
        Span<byte> hash = stackalloc byte[16];
        NtHash.Compute(Password, hash);
        host.Link.AcceptWithNtHash(request, hash, 0);
    }

    [Theory]
    [InlineData(LcpAuthMethod.MsChapV2, AuthMethod.MsChapV2)]
    [InlineData(LcpAuthMethod.Eap, AuthMethod.EapMsChapV2)]
    [InlineData(LcpAuthMethod.Pap, AuthMethod.Pap)]
    public void ServerAndClientReachTheNetworkPhase(LcpAuthMethod lcpMethod, AuthMethod expected)
    {
        var pair = new LinkPair(ServerOptions(lcpMethod), ClientOptions(), VerifyWithNtHash);
        pair.Start();

        Assert.Equal(PppLinkPhase.Network, pair.Server.Link.Phase);
        Assert.Equal(PppLinkPhase.Network, pair.Client.Link.Phase);
        AuthResult server = Assert.Single(pair.Server.Authenticated);
        AuthResult client = Assert.Single(pair.Client.Authenticated);
        Assert.True(server.Succeeded);
        Assert.Equal(expected, server.Method);
        Assert.Equal("User", server.UserName);
        Assert.True(server.Hlak.SequenceEqual(client.Hlak), "both ends must derive the same HLAK (crypto-binding.md §5)");
        Assert.Equal(expected is AuthMethod.Pap, server.Hlak.IndexOfAnyExcept((byte)0) < 0);

        Assert.True(pair.Server.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.True(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.True(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv6));
        Assert.Equal(IPAddress.Parse("10.8.0.2"), pair.Client.Link.Ipcp!.LocalAddress);
        Assert.Equal(IPAddress.Parse("10.8.0.1"), pair.Client.Link.Ipcp.PeerAddress);
        Assert.Equal(IPAddress.Parse("10.8.0.53"), pair.Client.Link.Ipcp.PrimaryDnsAddress);
        Assert.Contains(PppProtocol.Ipcp, pair.Server.NetworkUp);
        Assert.Contains(PppProtocol.Ipv6cp, pair.Server.NetworkUp);
        Assert.Empty(pair.Server.Finished);
    }

    [Fact]
    public void ChapMd5NeedsTheReversibleSecret()
    {
        var pair = new LinkPair(
            ServerOptions(LcpAuthMethod.ChapMd5),
            ClientOptions(),
            (host, request) => host.Link.AcceptWithSecret(request, Encoding.UTF8.GetBytes(Password), 0));
        pair.Start();

        Assert.True(Assert.Single(pair.Server.Authenticated).Succeeded);
        Assert.True(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
    }

    [Fact]
    public void ChapMd5AgainstAnNtHashIsRejected()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.ChapMd5), ClientOptions(), VerifyWithNtHash);
        pair.Start();
        pair.Advance(10_000);

        Assert.False(Assert.Single(pair.Server.Authenticated).Succeeded);
        Assert.Equal([PppLinkCloseReason.AuthenticationFailed], pair.Server.Finished);
    }

    [Theory]
    [InlineData(LcpAuthMethod.MsChapV2)]
    [InlineData(LcpAuthMethod.Pap)]
    public void WrongPasswordEndsTheLinkOnBothSides(LcpAuthMethod method)
    {
        var pair = new LinkPair(ServerOptions(method), ClientOptions("wrong"), VerifyWithNtHash);
        pair.Start();
        pair.Advance(20_000);

        Assert.False(Assert.Single(pair.Server.Authenticated).Succeeded);
        Assert.False(Assert.Single(pair.Client.Authenticated).Succeeded);
        Assert.Equal([PppLinkCloseReason.AuthenticationFailed], pair.Server.Finished);
        Assert.Single(pair.Client.Finished);
        Assert.Null(pair.Server.Link.Ipcp);
        Assert.False(pair.Server.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
    }

    [Fact]
    public void VerificationMayCompleteLaterAndNcpsWaitForTheAddress()
    {
        AuthVerificationRequest? pending = null;
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), (_, r) => pending = r);
        pair.Server.AssignPeer = null;
        pair.Start();
        Assert.NotNull(pending);
        Assert.Equal(PppLinkPhase.Authenticate, pair.Server.Link.Phase);

        // The client's IPCP cannot start before its auth finished; nothing is open yet.
        Span<byte> hash = stackalloc byte[16];
        NtHash.Compute(Password, hash);
        pair.Server.Link.AcceptWithNtHash(pending, hash, pair.NowMs);
        pair.Pump();
        Assert.Equal(PppLinkPhase.Network, pair.Server.Link.Phase);
        Assert.Null(pair.Server.Link.Ipcp);
        Assert.False(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4)); // its requests are discarded meanwhile

        pair.Advance(1000); // an async pool allocation
        pair.Server.Link.BeginNetworkPhase(IPAddress.Parse("10.8.0.1"), IPAddress.Parse("10.8.0.77"), null, null, pair.NowMs);
        pair.Pump();
        pair.Advance(10_000);

        Assert.True(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.Equal(IPAddress.Parse("10.8.0.77"), pair.Client.Link.Ipcp!.LocalAddress);
    }

    [Fact]
    public void AnIpcpRequestThatArrivesWhileTheAddressIsAllocatedIsAnsweredWhenTheNcpStarts()
    {
        AuthVerificationRequest? pending = null;
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), (_, r) => pending = r);
        pair.Server.AssignPeer = null;
        pair.Start();
        Span<byte> hash = stackalloc byte[16];
        NtHash.Compute(Password, hash);
        pair.Server.Link.AcceptWithNtHash(pending!, hash, pair.NowMs);
        pair.Pump(); // the client's IPCP request reaches the server before it has an address

        pair.Server.Link.BeginNetworkPhase(IPAddress.Parse("10.8.0.1"), IPAddress.Parse("10.8.0.9"), null, null, pair.NowMs);
        pair.Pump(); // no time passes: no retransmission is needed

        Assert.True(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.True(pair.Server.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.Equal(IPAddress.Parse("10.8.0.9"), pair.Client.Link.Ipcp!.LocalAddress);
    }

    [Fact]
    public void NcpPacketsBeforeAuthenticationAreDiscarded()
    {
        AuthVerificationRequest? pending = null;
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), (_, r) => pending = r);
        pair.Start();
        int sent = pair.Server.Sent.Count;

        // IPCP Configure-Request for 0.0.0.0 (RFC 1661 §3.5: silently discarded during Authenticate).
        pair.Server.Inject(PppProtocol.Ipcp, [0x01, 0x01, 0x00, 0x0A, 0x03, 0x06, 0, 0, 0, 0]);

        Assert.Equal(sent, pair.Server.Sent.Count);
    }

    [Fact]
    public void UnknownProtocolsAreProtocolRejectedOnceLcpIsOpen()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), VerifyWithNtHash);
        pair.Start();
        pair.Server.Sent.Clear();

        // Windows probes CCP with MPPE (interop #37).
        byte[] ccp = [0x01, 0x05, 0x00, 0x0A, 0x12, 0x06, 0x01, 0x00, 0x00, 0x40];
        pair.Server.Inject(PppProtocol.Ccp, ccp);

        (ushort protocol, byte[] packet) = Assert.Single(pair.Server.Sent);
        Assert.Equal(PppProtocol.Lcp, protocol);
        Assert.Equal((byte)PppCode.ProtocolReject, packet[0]);
        Assert.Equal([0x80, 0xFD], packet[4..6]);
        Assert.Equal(ccp, packet[6..]);
    }

    [Fact]
    public void WithoutIpv6TheClientsIpv6cpIsRejectedAndIpv4Stays()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2, ipv6: false), ClientOptions(ipv6: true), VerifyWithNtHash);
        pair.Start();
        pair.Advance(30_000);

        Assert.True(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.False(pair.Client.Link.IsNetworkProtocolOpen(PppProtocol.Ipv6));
        Assert.NotEqual(PppState.ReqSent, pair.Client.Link.Ipv6cp!.State); // it stopped asking
        Assert.Contains(pair.Server.Sent, s => s.Protocol == PppProtocol.Lcp && s.Packet[0] == (byte)PppCode.ProtocolReject);
        Assert.Empty(pair.Server.Finished);
        Assert.Empty(pair.Client.Finished);
    }

    [Fact]
    public void CloseTerminatesBothEnds()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), VerifyWithNtHash);
        pair.Start();

        pair.Client.Link.Close(pair.NowMs);
        pair.Pump();
        pair.Advance(10_000);

        Assert.Equal([PppLinkCloseReason.LocalClose], pair.Client.Finished);
        Assert.Equal([PppLinkCloseReason.PeerTerminated], pair.Server.Finished);
        Assert.Contains(PppProtocol.Ipcp, pair.Server.NetworkDown);
        Assert.False(pair.Server.Link.IsNetworkProtocolOpen(PppProtocol.Ipv4));
        Assert.Equal(PppLinkPhase.Dead, pair.Server.Link.Phase);
    }

    [Fact]
    public void LowerLayerDownFinishesOnceWithoutSending()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), VerifyWithNtHash);
        pair.Start();
        pair.Server.Sent.Clear();

        pair.Server.Link.LowerLayerDown(pair.NowMs);
        pair.Server.Link.LowerLayerDown(pair.NowMs);

        Assert.Equal([PppLinkCloseReason.LowerLayerDown], pair.Server.Finished);
        Assert.Empty(pair.Server.Sent);
        Assert.Equal(PppAutomaton.NoDeadline, pair.Server.Link.NextDeadlineMs);
    }

    [Fact]
    public void AClientThatNeverAnswersEndsAsNegotiationFailure()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), VerifyWithNtHash) { Deliver = false };
        pair.Server.Link.Start(0);
        pair.Advance(120_000);

        Assert.Equal([PppLinkCloseReason.NegotiationFailed], pair.Server.Finished);
    }

    [Fact]
    public void AServerWithoutAuthenticationIsRefusedAtConstruction()
    {
        var options = new PppLinkOptions { Role = PppRole.Server, Lcp = new LcpOptions { Role = PppRole.Server, AuthMethods = [] } };
        Assert.Throws<ArgumentException>(() => new PppLink(options, new NullHost(), Protocol.Common.CryptoRandomSource.Instance));
    }

    [Fact]
    public void PeerMruIsCappedAtTheSstpLimit()
    {
        var pair = new LinkPair(ServerOptions(LcpAuthMethod.MsChapV2), ClientOptions(), VerifyWithNtHash);
        pair.Start();
        Assert.InRange(pair.Server.Link.PeerMru, 128, 4087);
    }

    private sealed class NullHost : IPppLinkHost
    {
        public void SendControl(ushort protocol, ReadOnlySpan<byte> packet)
        {
        }

        public void OnVerificationRequested(AuthVerificationRequest request)
        {
        }

        public void OnAuthenticated(AuthResult result)
        {
        }

        public void OnNetworkLayerUp(ushort protocol)
        {
        }

        public void OnNetworkLayerDown(ushort protocol)
        {
        }

        public void OnLinkFinished(PppLinkCloseReason reason)
        {
        }
    }
}
