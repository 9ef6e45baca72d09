using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Lcp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

public sealed class LcpProtocolTests
{
    private const string Endpoint20 = "13 17 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 13";

    private readonly RecordingOutput _output = new();
    private readonly RecordingLcpEvents _events = new();

    private LcpProtocol Server(LcpOptions? options = null) =>
        new(_output, new SequenceRandom(0x11, 0x22, 0x33, 0x44), options ?? new LcpOptions { Mru = 1400 }, _events);

    private static byte[] Request(byte id, string options)
    {
        byte[] data = Hex.Parse(options);
        byte[] packet = new byte[4 + data.Length];
        PppControlPacket.Write(packet, (byte)PppCode.ConfigureRequest, id, data);
        return packet;
    }

    private static byte[] WithCode(byte[] packet, PppCode code)
    {
        byte[] copy = (byte[])packet.Clone();
        copy[0] = (byte)code;
        return copy;
    }

    private byte[] LastRequestSent() => _output.Sent.Last(p => p.Packet[0] == (byte)PppCode.ConfigureRequest).Packet;

    private LcpProtocol OpenedServer(LcpOptions? options = null)
    {
        LcpProtocol lcp = Server(options);
        lcp.Up(0);
        lcp.Open(0);
        lcp.Receive(Request(1, "01 04 05 DC 05 06 01 02 03 04"), 0);
        lcp.Receive(WithCode(LastRequestSent(), PppCode.ConfigureAck), 0);
        Assert.Equal(PppState.Opened, lcp.State);
        _output.Clear();
        _events.Events.Clear();
        return lcp;
    }

    [Fact]
    public void ServerSendsTheSuggestedRequest()
    {
        LcpProtocol lcp = Server();

        lcp.Up(0);
        lcp.Open(0);

        // test-vectors.md §7: MRU 1400, MS-CHAPv2, magic 0x11223344.
        Assert.Equal(PppProtocol.Lcp, _output.Sent[0].Protocol);
        Assert.Equal("01010013010405780305c22381050611223344", Hex.Format(_output.Last));
    }

    [Fact]
    public void AcksPppdRequest()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);
        byte[] pppd = Hex.Parse("01 01 00 18 01 04 05 78 02 06 00 00 00 00 05 06 37 67 24 C2 07 02 08 02");

        lcp.Receive(pppd, 0);

        Assert.Equal(Hex.Format(WithCode(pppd, PppCode.ConfigureAck)), Hex.Format(_output.Last));
        Assert.Equal(PppState.AckSent, lcp.State);
        Assert.Equal(1400, lcp.PeerMru);
        Assert.Equal(0x376724C2u, lcp.PeerMagic);
        Assert.True(lcp.PeerAcceptsPfc);
        Assert.True(lcp.PeerAcceptsAcfc);
    }

    [Fact]
    public void RejectsWindowsCallbackAndMrruThenAcksTheReRequest()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);

        // sorz issue #5: <mru 4091> <magic> <pcomp> <accomp> <callback CBCP> <mrru 1614> <endpoint local 20 bytes>
        lcp.Receive(Request(0, "01 04 0F FB 05 06 5A 6B 7C 8D 07 02 08 02 0D 03 06 11 04 06 4E " + Endpoint20), 0);
        Assert.Equal("0400000b0d03061104064e", Hex.Format(_output.Last));
        Assert.Equal(PppState.ReqSent, lcp.State);

        byte[] again = Request(1, "01 04 0F FB 05 06 5A 6B 7C 8D 07 02 08 02 " + Endpoint20);
        lcp.Receive(again, 0);

        Assert.Equal(Hex.Format(WithCode(again, PppCode.ConfigureAck)), Hex.Format(_output.Last));
        Assert.Equal(4087, lcp.PeerMru); // 4091 clamped to what fits in an SSTP packet (interop #43)
    }

    [Fact]
    public void RejectsQualityProtocolSsnhfAndUnknownOptionsInRequestOrder()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Request(7, "04 08 C0 25 00 00 0B B8 01 04 05 DC 12 02 63 03 01"), 0);

        Assert.Equal("04070011" + "0408c02500000bb8" + "1202" + "630301", Hex.Format(_output.Last));
    }

    [Fact]
    public void NaksAndRejectsKeepRequestOrderAndRejectsWin()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Request(8, "05 06 00 00 00 00 01 04 00 40"), 0);
        Assert.Equal("0308000e" + "050641424344" + "01040080", Hex.Format(_output.Last));

        lcp.Receive(Request(9, "05 06 00 00 00 00 0D 03 06"), 0);
        Assert.Equal("040900070d0306", Hex.Format(_output.Last));
    }

    [Fact]
    public void NaksAMagicNumberEqualToOurs()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Request(3, "05 06 11 22 33 44"), 0);

        byte[] nak = _output.Last;
        Assert.Equal((byte)PppCode.ConfigureNak, nak[0]);
        Assert.Equal(new byte[] { 0x05, 0x06 }, nak[4..6]);
        Assert.NotEqual(new byte[] { 0x11, 0x22, 0x33, 0x44 }, nak[6..10]);
        Assert.NotEqual(new byte[4], nak[6..10]);
    }

    [Fact]
    public void DropsMagicWhenAKittokuStyleClientRejectsIt()
    {
        LcpProtocol lcp = Server(new LcpOptions());
        lcp.Up(0);
        lcp.Open(0);
        Assert.Equal("0101000f0305c22381050611223344", Hex.Format(_output.Last));

        // kittoku rejects everything but MRU and Auth-Protocol (interop #28).
        lcp.Receive(Hex.Parse("04 01 00 0A 05 06 11 22 33 44"), 0);

        Assert.Equal("010200090305c22381", Hex.Format(_output.Last));
        lcp.Receive(Request(1, "01 04 05 DC"), 0);
        lcp.Receive(WithCode(LastRequestSent(), PppCode.ConfigureAck), 0);
        Assert.Equal(PppState.Opened, lcp.State);
        Assert.Equal(0u, lcp.LocalMagic);
        Assert.Equal(LcpAuthMethod.MsChapV2, lcp.AuthMethod);

        lcp.Receive(Hex.Parse("09 05 00 0C 00 00 00 00 AA BB CC DD"), 0);
        Assert.Equal("0a05000c00000000aabbccdd", Hex.Format(_output.Last));
    }

    [Fact]
    public void ServerFollowsTheClientsAuthNak()
    {
        LcpProtocol lcp = Server(new LcpOptions { RequestMagicNumber = false, AuthMethods = [LcpAuthMethod.MsChapV2, LcpAuthMethod.Eap, LcpAuthMethod.Pap] });
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Hex.Parse("03 01 00 08 03 04 C2 27"), 0);

        Assert.Equal("01020008" + "0304c227", Hex.Format(_output.Last));
    }

    [Fact]
    public void ServerTriesTheNextMethodWhenTheNakNamesAForbiddenOne()
    {
        LcpProtocol lcp = Server(new LcpOptions { RequestMagicNumber = false, AuthMethods = [LcpAuthMethod.MsChapV2, LcpAuthMethod.Eap] });
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Hex.Parse("03 01 00 08 03 04 C0 23"), 0);
        Assert.Equal("01020008" + "0304c227", Hex.Format(_output.Last));

        lcp.Receive(Hex.Parse("03 02 00 08 03 04 C0 23"), 0);
        Assert.True(lcp.AuthenticationRefused);
        Assert.Equal(PppState.Closing, lcp.State);
        Assert.Equal((byte)PppCode.TerminateRequest, _output.Last[0]);
    }

    [Fact]
    public void ServerClosesWhenTheClientRejectsAuthentication()
    {
        LcpProtocol lcp = Server(new LcpOptions { RequestMagicNumber = false });
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Hex.Parse("04 01 00 09 03 05 C2 23 81"), 0);

        Assert.True(lcp.AuthenticationRefused);
        Assert.Equal(PppState.Closing, lcp.State);
    }

    [Fact]
    public void ServerWithOptionalAuthDropsTheOptionWhenRejected()
    {
        LcpProtocol lcp = Server(new LcpOptions { RequestMagicNumber = false, AuthRequired = false });
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Hex.Parse("04 01 00 09 03 05 C2 23 81"), 0);

        Assert.Equal("01020004", Hex.Format(_output.Last));
        Assert.False(lcp.AuthenticationRefused);
    }

    [Fact]
    public void ServerRejectsAClientsAuthProtocol()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Request(4, "03 04 C0 23"), 0);

        Assert.Equal("040400080304c023", Hex.Format(_output.Last));
    }

    [Theory]
    [InlineData("03 05 C2 23 81", "02", LcpAuthMethod.MsChapV2)]
    [InlineData("03 04 C2 27", "02", LcpAuthMethod.Eap)]
    [InlineData("03 04 C0 23", "03", LcpAuthMethod.None)]
    [InlineData("03 05 C2 23 05", "03", LcpAuthMethod.None)]
    public void ClientAcksAnAllowedMethodAndNaksOthersWithItsPreferred(string option, string code, LcpAuthMethod negotiated)
    {
        var lcp = new LcpProtocol(_output, new SequenceRandom(), new LcpOptions { Role = PppRole.Client, AuthMethods = [LcpAuthMethod.MsChapV2, LcpAuthMethod.Eap] });
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Request(1, option), 0);

        Assert.Equal(code, Hex.Format(_output.Last.AsSpan(0, 1)));
        if (code == "03")
        {
            Assert.Equal("0305c22381", Hex.Format(_output.Last.AsSpan(4)));
        }

        Assert.Equal(negotiated, lcp.AuthMethod);
    }

    [Fact]
    public void ServerAndClientNegotiateToOpened()
    {
        var loop = new PppLoop();
        var serverEvents = new RecordingLcpEvents();
        var server = new LcpProtocol(loop.AtoB, new SequenceRandom(1, 2, 3, 4), new LcpOptions { Mru = 1400, AuthMethods = [LcpAuthMethod.MsChapV2, LcpAuthMethod.Eap] }, serverEvents);
        var client = new LcpProtocol(loop.BtoA, new SequenceRandom(5, 6, 7, 8), new LcpOptions { Role = PppRole.Client, Mru = 1500, AuthMethods = [LcpAuthMethod.Eap] });
        loop.A = server;
        loop.B = client;

        client.Up(0);
        client.Open(0);
        server.Up(0);
        server.Open(0);
        loop.Pump(0);

        Assert.Equal(PppState.Opened, server.State);
        Assert.Equal(PppState.Opened, client.State);
        Assert.Equal(LcpAuthMethod.Eap, server.AuthMethod);
        Assert.Equal(LcpAuthMethod.Eap, client.AuthMethod);
        Assert.Equal(1500, server.PeerMru);
        Assert.Equal(1400, client.PeerMru);
        Assert.Equal(0x01020304u, server.LocalMagic);
        Assert.Equal(0x01020304u, client.PeerMagic);
        Assert.Equal(0x05060708u, server.PeerMagic);
        Assert.Equal(["up C021"], serverEvents.Events);
    }

    [Fact]
    public void NegotiationSurvivesALostRequestThroughTheRestartTimer()
    {
        var loop = new PppLoop();
        var server = new LcpProtocol(loop.AtoB, new SequenceRandom(1, 2, 3, 4));
        var client = new LcpProtocol(loop.BtoA, new SequenceRandom(5, 6, 7, 8), new LcpOptions { Role = PppRole.Client });
        loop.A = server;
        loop.B = client;
        bool dropped = false;
        loop.Drop = (toB, packet) => toB && !dropped && (dropped = true);

        server.Up(0);
        server.Open(0);
        client.Up(0);
        client.Open(0);
        loop.Pump(0);
        Assert.NotEqual(PppState.Opened, server.State);

        server.Tick(server.NextDeadlineMs);
        client.Tick(3_000);
        loop.Pump(3_000);

        Assert.Equal(PppState.Opened, server.State);
        Assert.Equal(PppState.Opened, client.State);
    }

    [Fact]
    public void EchoReplyKeepsIdentifierUsesOurMagicAndFitsThePeerMru()
    {
        LcpProtocol lcp = OpenedServer();
        lcp.PeerMru = 100;
        byte[] request = new byte[300];
        PppControlPacket.Write(request, (byte)PppCode.EchoRequest, 0x42, new byte[296]);

        lcp.Receive(request, 0);

        byte[] reply = _output.Last;
        Assert.Equal(100, reply.Length);
        Assert.Equal("0a420064" + "11223344", Hex.Format(reply.AsSpan(0, 8)));
    }

    [Fact]
    public void EchoRequestOutsideOpenedIsIgnored()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);
        _output.Clear();

        lcp.Receive(Hex.Parse("09 01 00 08 00 00 00 00"), 0);

        Assert.Empty(_output.Sent);
    }

    [Theory]
    [InlineData("0A 01 00 08 00 00 00 00")]
    [InlineData("0B 01 00 08 00 00 00 00")]
    [InlineData("0C 01 00 12 00 00 00 00 4D 53 52 41 53 56 35 2E 32 30")]
    [InlineData("0D 01 00 0C 00 00 00 00 00 00 0E 10")]
    [InlineData("09 01 00 07 00 00 00")]
    public void SilentlyAbsorbsRepliesDiscardsAndInformationalCodes(string hex)
    {
        LcpProtocol lcp = OpenedServer();

        lcp.Receive(Hex.Parse(hex), 0);

        Assert.Empty(_output.Sent);
        Assert.Equal(PppState.Opened, lcp.State);
    }

    [Fact]
    public void CodeRejectsUnknownCodes()
    {
        LcpProtocol lcp = OpenedServer();

        lcp.Receive(Hex.Parse("0E 05 00 06 AA BB"), 0);

        Assert.Equal("07" + Hex.Format(_output.Last.AsSpan(1, 1)) + "000a" + "0e050006aabb", Hex.Format(_output.Last));
    }

    [Fact]
    public void ProtocolRejectOnlyWhenOpenedWithDistinctIdentifiersAndTruncated()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);
        Assert.False(lcp.SendProtocolReject(PppProtocol.Ccp, [1, 2, 3]));

        lcp = OpenedServer();
        lcp.PeerMru = 64;
        byte[] ccp = new byte[200];
        Assert.True(lcp.SendProtocolReject(PppProtocol.Ccp, ccp));
        Assert.True(lcp.SendProtocolReject(PppProtocol.Ccp, [1, 2, 3]));

        byte[] first = _output.Sent[0].Packet;
        byte[] second = _output.Sent[1].Packet;
        Assert.Equal(64, first.Length);
        Assert.Equal("08", Hex.Format(first.AsSpan(0, 1)));
        Assert.Equal("004080fd", Hex.Format(first.AsSpan(2, 4)));
        Assert.Equal("08", Hex.Format(second.AsSpan(0, 1)));
        Assert.Equal("000980fd010203", Hex.Format(second.AsSpan(2)));
        Assert.NotEqual(first[1], second[1]);
    }

    [Fact]
    public void ProtocolRejectForAnNcpKeepsTheLinkAndTellsTheSession()
    {
        LcpProtocol lcp = OpenedServer();

        lcp.Receive(Hex.Parse("08 01 00 0A 80 57 01 01 00 04"), 0);

        Assert.Equal(PppState.Opened, lcp.State);
        Assert.Equal(["protocol-reject 8057"], _events.Events);
    }

    [Fact]
    public void ProtocolRejectOfLcpItselfIsFatal()
    {
        LcpProtocol lcp = OpenedServer();

        lcp.Receive(Hex.Parse("08 01 00 06 C0 21"), 0);

        Assert.Equal(PppState.Stopping, lcp.State);
    }

    [Fact]
    public void PeerTerminateRequestIsAcknowledged()
    {
        LcpProtocol lcp = OpenedServer();

        lcp.Receive(Hex.Parse("05 33 00 04"), 0);

        Assert.Equal("06330004", Hex.Format(_output.Last));
        Assert.Equal(["down C021"], _events.Events);
    }

    [Fact]
    public void KeepaliveIsOffByDefault()
    {
        LcpProtocol lcp = OpenedServer();

        Assert.Equal(PppAutomaton.NoDeadline, lcp.NextDeadlineMs);
        lcp.Tick(1_000_000);
        Assert.Empty(_output.Sent);
    }

    [Fact]
    public void KeepaliveSendsEchoesAndClosesAfterTheLimit()
    {
        LcpProtocol lcp = OpenedServer(new LcpOptions { Mru = 1400, EchoIntervalMs = 10_000, EchoFailureLimit = 2 });
        Assert.Equal(10_000, lcp.NextDeadlineMs);

        lcp.Tick(10_000);
        Assert.Equal("09", Hex.Format(_output.Last.AsSpan(0, 1)));
        Assert.Equal("000811223344", Hex.Format(_output.Last.AsSpan(2)));
        lcp.Receive(WithCode(_output.Last, PppCode.EchoReply), 10_050);

        lcp.Tick(20_000);
        lcp.Tick(30_000);
        Assert.Equal(PppState.Opened, lcp.State);
        lcp.Tick(40_000);

        Assert.True(lcp.KeepaliveExpired);
        Assert.Equal(PppState.Closing, lcp.State);
        Assert.Contains("keepalive-failed", _events.Events);
        Assert.Equal(3, _output.Codes.Count(c => c == (byte)PppCode.EchoRequest));
    }

    [Fact]
    public void PeerActivityResetsTheKeepalive()
    {
        LcpProtocol lcp = OpenedServer(new LcpOptions { EchoIntervalMs = 1_000, EchoFailureLimit = 1 });

        for (long t = 1_000; t <= 10_000; t += 1_000)
        {
            lcp.Tick(t);
            lcp.NotifyPeerActivity();
        }

        Assert.Equal(PppState.Opened, lcp.State);
    }

    [Fact]
    public void NaksATinyMruAndFollowsANakOfOurs()
    {
        LcpProtocol lcp = Server();
        lcp.Up(0);
        lcp.Open(0);

        lcp.Receive(Request(2, "01 04 00 20"), 0);
        Assert.Equal("0302000801040080", Hex.Format(_output.Last));

        lcp.Receive(Hex.Parse("03 01 00 08 01 04 05 DC"), 0);
        Assert.Equal("010405dc", Hex.Format(LastRequestSent().AsSpan(4, 4)));
    }
}
