using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;
using static SstpFarm.Protocol.Sstp.Client.SstpClientState;

namespace SstpFarm.Protocol.Tests.Sstp.Client;

/// <summary>The client event table: MS-SSTP §3.2.5 (establishment) and §3.1.1.1 (teardown, as for the server).</summary>
public sealed class SstpClientStateMachineTests
{
    private const CertHashProtocols Sha1 = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1;
    private const CertHashProtocols Sha256 = CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;

    public static TheoryData<SstpClientState> TeardownStates => new()
    {
        Call_Abort_Pending, Call_Abort_Timeout_Pending, Call_Disconnect_Ack_Pending, Call_Disconnect_Timeout_Pending,
    };

    public static TheoryData<SstpClientState> EstablishmentStates => new()
    {
        Client_Connect_Request_Sent, Client_Connect_Ack_Received, Client_Call_Connected,
    };

    [Fact]
    public void StartSendsTheSpecCallConnectRequestUnderTheNegotiationTimer()
    {
        var h = new ClientHarness();
        Assert.Equal(Client_Call_Disconnected, h.State);
        h.Machine.Start(1_000);

        Assert.Equal(Client_Connect_Request_Sent, h.State);
        Assert.Equal([ClientHarness.CallConnectRequest], h.Sent);
        Assert.Equal(61_000, h.Machine.NextDeadlineMs);
        Assert.False(h.Machine.AllowsPppControlFrames);
        Assert.Throws<InvalidOperationException>(() => h.Machine.Start(1_000));
    }

    [Fact]
    public void AckStartsPppAndChoosesSha256WhenOffered()
    {
        var h = new ClientHarness().InConnectRequestSent();
        h.ClearOutput();
        h.Receive(ClientHarness.Ack(Sha1 | Sha256), 5_000);

        Assert.Equal(Client_Connect_Ack_Received, h.State);
        Assert.Equal(["lower-layer-up"], h.Events);
        Assert.Equal(Sha256, h.Machine.HashProtocol);
        Assert.Equal(65_000, h.Machine.NextDeadlineMs); // negotiation timer restarted (MS-SSTP §3.2.2.1)
        Assert.True(h.Machine.AllowsPppControlFrames);
        Assert.False(h.Machine.AllowsPppDataFrames);
        Assert.True(h.Machine.MayForwardPppFrame(0xC021));
        Assert.False(h.Machine.MayForwardPppFrame(0x0021));
    }

    // test-vectors.md §6.1 / §6.2: the client's Call Connected equals the published messages byte for byte.
    [Theory]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, SstpVectors.NonceSha256, SstpVectors.HlakSha256Example, SstpVectors.CallConnectedSha256)]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1, SstpVectors.NonceSha1, SstpVectors.HlakSha1Example, SstpVectors.CallConnectedSha1)]
    public void CallConnectedMatchesTheSpecExamples(CertHashProtocols offered, string nonce, string hlak, string expected)
    {
        var h = new ClientHarness().InConnectRequestSent();
        h.Receive(ClientHarness.Ack(offered, nonce), 0);
        h.ClearOutput();
        h.Machine.OnAuthenticated(Hex.Parse(hlak), 7_000);

        Assert.Equal(Client_Call_Connected, h.State);
        Assert.Equal(["send SSTP_MSG_CALL_CONNECTED", "data-frames-allowed"], h.Events);
        Assert.Equal(Hex.Parse(expected), h.Sent[0]);
        Assert.Equal(67_000, h.Machine.NextDeadlineMs); // Hello timer
        Assert.True(h.Machine.AllowsPppDataFrames);
    }

    // test-vectors.md §6.3: MS-CHAPv2 HLAK and the all-zero HLAK of PAP/CHAP give the derived Compound MACs.
    [Theory]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, SstpVectors.NonceSha256, SstpVectors.HlakMsChapV2, SstpVectors.CmacMsChapV2Sha256)]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1, SstpVectors.NonceSha1, SstpVectors.HlakMsChapV2, SstpVectors.CmacMsChapV2Sha1)]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, SstpVectors.NonceSha256, null, SstpVectors.CmacZeroSha256)]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1, SstpVectors.NonceSha1, null, SstpVectors.CmacZeroSha1)]
    public void CompoundMacMatchesTheDerivedVectors(CertHashProtocols offered, string nonce, string? hlak, string cmac)
    {
        var h = new ClientHarness().InConnectRequestSent();
        h.Receive(ClientHarness.Ack(offered, nonce), 0);
        h.ClearOutput();
        h.Machine.OnAuthenticated(hlak is null ? new byte[32] : Hex.Parse(hlak), 0);

        byte[] expectedMac = Hex.Parse(cmac);
        byte[] sent = h.Sent[0];
        Assert.Equal(expectedMac, sent.AsSpan(SstpCryptoBinding.CompoundMacOffset, expectedMac.Length).ToArray());
        Assert.All(sent.AsSpan(SstpCryptoBinding.CompoundMacOffset + expectedMac.Length).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal((byte)offered, sent[15]);
    }

    [Fact]
    public void AckWithoutAnAcceptedHashProtocolIsAborted()
    {
        var h = new ClientHarness(new SstpClientOptions { AcceptedHashProtocols = Sha256 }).InConnectRequestSent();
        h.ClearOutput();
        h.Receive(ClientHarness.Ack(Sha1), 0);

        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING_REQ, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED), h.LastStatus());
        Assert.Equal(SstpClientCloseReason.HashProtocolNotSupported, h.Machine.CloseReason);
        Assert.DoesNotContain("lower-layer-up", h.Events);
    }

    [Fact]
    public void AckWithOnlyAnUnknownCertificateHashIsAborted()
    {
        var h = new ClientHarness(hashes: new ServerCertificateHashes([], Hex.Parse(SstpVectors.CertHashSha256))).InConnectRequestSent();
        h.Receive(ClientHarness.Ack(Sha1), 0);
        Assert.Equal(SstpClientCloseReason.HashProtocolNotSupported, h.Machine.CloseReason);
    }

    [Fact]
    public void MalformedAckIsAbortedAsInvalidFrame()
    {
        var h = new ClientHarness().InConnectRequestSent();
        // A Call Connect Ack carrying a Status Info instead of a Crypto Binding Request.
        h.Receive(Hex.Parse("10 01 00 14 00 02 00 01 00 02 00 0C 00 00 00 00 00 00 00 00"), 0);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal(SstpClientCloseReason.InvalidFrame, h.Machine.CloseReason);
    }

    [Fact]
    public void NakIsRetriedThreeTimesThenAborted()
    {
        var h = new ClientHarness().InConnectRequestSent();
        h.ClearOutput();
        for (int i = 1; i <= 3; i++)
        {
            h.Receive(ClientHarness.Nak, i * 1_000);
            Assert.Equal(Client_Connect_Request_Sent, h.State);
            Assert.Equal(i, h.Machine.NakCount);
            Assert.Equal(ClientHarness.CallConnectRequest, h.Sent[^1]);
            Assert.Equal((i * 1_000) + 60_000, h.Machine.NextDeadlineMs);
        }

        Assert.Equal(SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED, h.Machine.PeerStatus?.Status);
        h.Receive(ClientHarness.Nak, 4_000);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_RETRY_COUNT_EXCEEDED), h.LastStatus());
        Assert.Equal(SstpClientCloseReason.NakRetryCountExceeded, h.Machine.CloseReason);
    }

    [Theory]
    [InlineData(Client_Connect_Request_Sent, SstpClientCloseReason.NegotiationTimeoutAwaitingConnectAck)]
    [InlineData(Client_Connect_Ack_Received, SstpClientCloseReason.NegotiationTimeoutAwaitingAuthentication)]
    public void NegotiationTimeoutAbortsThenClosesAfterAbortTimer1(SstpClientState state, SstpClientCloseReason reason)
    {
        var h = new ClientHarness().In(state);
        h.Machine.Tick(59_999);
        Assert.Empty(h.Events);
        h.Machine.Tick(60_000);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT), h.LastStatus());
        Assert.Equal(63_000, h.Machine.NextDeadlineMs);
        h.Machine.Tick(63_000);
        Assert.Equal("close " + reason, h.Events[^1]);
        Assert.Equal(state, h.Machine.TeardownFromState);
        Assert.True(h.Machine.IsClosed);
    }

    [Fact]
    public void HelloTimerSendsEchoThenDropsWithoutAbort()
    {
        var h = new ClientHarness().In(Client_Call_Connected);
        h.Machine.Tick(60_000);
        Assert.Equal([SstpMessageType.SSTP_MSG_ECHO_REQUEST], h.SentTypes());
        Assert.Equal(120_000, h.Machine.NextDeadlineMs);

        // Any packet restarts the timer and clears the outstanding echo.
        h.Machine.OnDataPacketReceived(100_000);
        Assert.Equal(160_000, h.Machine.NextDeadlineMs);
        h.Machine.Tick(160_000);
        Assert.Equal(2, h.Sent.Count);

        h.Machine.Tick(220_000);
        Assert.Equal(["send SSTP_MSG_ECHO_REQUEST", "send SSTP_MSG_ECHO_REQUEST", "close HelloTimeout"], h.Events);
    }

    [Theory]
    [MemberData(nameof(EstablishmentStates))]
    public void EchoRequestIsAnsweredInEveryEstablishmentState(SstpClientState state)
    {
        var h = new ClientHarness().In(state);
        h.Receive(ClientHarness.EchoRequest, 1);
        Assert.Equal([ClientHarness.EchoResponse], h.Sent);
        Assert.Equal(state, h.State);
        h.Receive(ClientHarness.EchoResponse, 2);
        Assert.Single(h.Sent);
        Assert.Equal(state, h.State);
    }

    [Fact]
    public void PeerAbortIsAnsweredAndClosesAfterAbortTimer2()
    {
        var h = new ClientHarness().In(Client_Call_Connected);
        h.Receive(ClientHarness.CallAbort, 10);
        Assert.Equal(Call_Abort_Timeout_Pending, h.State);
        Assert.Equal([SstpMessageType.SSTP_MSG_CALL_ABORT], h.SentTypes());
        Assert.Equal(SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, h.Machine.PeerStatus?.AttribId);
        Assert.Equal(1_010, h.Machine.NextDeadlineMs);
        h.Receive(ClientHarness.CallDisconnect, 20); // dropped in teardown
        h.Machine.Tick(1_010);
        Assert.Equal("close PeerAbort", h.Events[^1]);
        Assert.Equal(2, h.Events.Count);
    }

    [Fact]
    public void PeerDisconnectIsAckedAndClosesOnTransportClose()
    {
        var h = new ClientHarness().In(Client_Call_Connected);
        h.Receive(ClientHarness.CallDisconnect, 10);
        Assert.Equal(Call_Disconnect_Timeout_Pending, h.State);
        Assert.Equal([ClientHarness.CallDisconnectAck], h.Sent);
        h.Machine.OnTransportClosed(20);
        Assert.Equal("close PeerDisconnect", h.Events[^1]);
        Assert.Equal(SstpAttributeStatus.ATTRIB_STATUS_NO_ERROR, h.Machine.PeerStatus?.Status);
    }

    [Fact]
    public void OurDisconnectSendsTheWindowsFormAndCompletesOnAck()
    {
        var h = new ClientHarness().In(Client_Call_Connected);
        h.Machine.Disconnect(100);
        Assert.Equal([ClientHarness.CallDisconnect], h.Sent);
        Assert.Equal(Call_Disconnect_Ack_Pending, h.State);
        Assert.Equal(5_100, h.Machine.NextDeadlineMs);
        Assert.False(h.Machine.AllowsPppDataFrames);
        h.Machine.Disconnect(101); // ignored once teardown has begun
        Assert.Single(h.Sent);
        h.Receive(ClientHarness.CallDisconnectAck, 200);
        Assert.Equal("close UserDisconnect", h.Events[^1]);
        Assert.Equal(Client_Call_Connected, h.Machine.TeardownFromState);
    }

    [Fact]
    public void OurDisconnectClosesAfterDisconnectTimer1WithoutAck()
    {
        var h = new ClientHarness().In(Client_Connect_Ack_Received);
        h.Machine.Disconnect(0, SstpClientCloseReason.AuthenticationFailed);
        h.Machine.Tick(5_000);
        Assert.Equal("close AuthenticationFailed", h.Events[^1]);
    }

    [Fact]
    public void DisconnectCollisionAcksTheServerAndKeepsOurReason()
    {
        var h = new ClientHarness().In(Call_Disconnect_Ack_Pending);
        h.Receive(ClientHarness.CallDisconnect, 1);
        Assert.Equal(Call_Disconnect_Timeout_Pending, h.State);
        Assert.Equal([ClientHarness.CallDisconnectAck], h.Sent);
        h.Machine.Tick(1_001);
        Assert.Equal("close UserDisconnect", h.Events[^1]);
    }

    [Fact]
    public void OurAbortWaitsForThePeersAbortThenLingers()
    {
        var h = new ClientHarness().In(Client_Call_Connected);
        h.Machine.Abort(0);
        Assert.Equal(Hex.Parse("10 01 00 08 00 05 00 00"), h.Sent[0]);
        Assert.Equal(3_000, h.Machine.NextDeadlineMs);
        h.Receive(ClientHarness.CallAbort, 500);
        Assert.Equal(Call_Abort_Timeout_Pending, h.State);
        Assert.Equal(1_500, h.Machine.NextDeadlineMs);
        Assert.Single(h.Sent);
        h.Machine.Tick(1_500);
        Assert.Equal("close UserAbort", h.Events[^1]);
    }

    [Theory]
    [InlineData("10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 02 41 2B 48 9A EB D7 EC C7 D0 89 66 F2 6B E7 CD 72 B2 31 A0 E9 21 0D 7C 91 B3 08 86 2B 03 44 C4 35", SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED)]
    [InlineData("10 01 00 0E 00 01 00 01 00 01 00 06 00 01", SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED)]
    [InlineData("10 01 00 08 00 07 00 00", SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED)]
    [InlineData("10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 01", SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED)]
    [InlineData("10 01 00 08 00 0A 00 00", SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED)]
    [InlineData("10 01 00 0C 00 09 00 01 00 00 00 00", SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED)]
    public void UnexpectedMessagesWhenConnectedAreAborted(string packet, SstpAttributeStatus status)
    {
        var h = new ClientHarness().In(Client_Call_Connected);
        h.Receive(Hex.Parse(packet), 0);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, status), h.LastStatus());
    }

    [Theory]
    [MemberData(nameof(TeardownStates))]
    public void UnexpectedMessagesInTeardownAreDropped(SstpClientState state)
    {
        var h = new ClientHarness().In(state);
        h.Receive(ClientHarness.Ack(Sha256), 1);
        h.Receive(Hex.Parse("10 01 00 08 00 0A 00 00"), 2);
        h.Receive(ClientHarness.Nak, 3);
        h.Receive(ClientHarness.EchoRequest, 4);
        Assert.Empty(h.Events);
        Assert.Equal(state, h.State);
    }

    [Fact]
    public void AuthenticationOutsideAckReceivedIsIgnored()
    {
        var h = new ClientHarness().InConnectRequestSent();
        h.ClearOutput();
        h.Machine.OnAuthenticated(new byte[32], 0);
        Assert.Empty(h.Events);
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Machine.OnAuthenticated(new byte[16], 0));

        var connected = new ClientHarness().In(Client_Call_Connected);
        connected.Machine.OnAuthenticated(new byte[32], 0);
        Assert.Empty(connected.Events);
    }

    [Fact]
    public void TransportCloseAndDelineationFailureCloseWithoutSending()
    {
        var a = new ClientHarness().In(Client_Connect_Ack_Received);
        a.Machine.OnTransportClosed(0);
        Assert.Equal(["close TransportClosed"], a.Events);
        a.Machine.OnTransportClosed(1);
        a.Receive(ClientHarness.EchoRequest, 2);
        Assert.Single(a.Events);

        var b = new ClientHarness().In(Client_Call_Connected);
        b.Machine.OnDelineationFailure(0);
        Assert.Equal(["close DelineationFailure"], b.Events);
        Assert.Equal(long.MaxValue, b.Machine.NextDeadlineMs);
    }

    [Fact]
    public void OptionsRejectUnusableValues()
    {
        var options = new SstpClientOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.NegotiationTimeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ConnectRequestRetryLimit = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.AcceptedHashProtocols = CertHashProtocols.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.AcceptedHashProtocols = (CertHashProtocols)4);
    }
}
