using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Sstp.Server;
using SstpFarm.Protocol.Tests.Common;
using static SstpFarm.Protocol.Sstp.Server.SstpServerState;

namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>One test (or theory) per row of the server event table, docs/protocol/sstp.md §8.3.</summary>
public sealed class SstpServerStateMachineTests
{
    private const SstpAttributeId StatusInfoId = SstpAttributeId.SSTP_ATTRIB_STATUS_INFO;

    public static TheoryData<SstpServerState> TeardownStates => new()
    {
        Call_Abort_Pending, Call_Abort_Timeout_Pending, Call_Disconnect_Ack_Pending, Call_Disconnect_Timeout_Pending,
    };

    // Row: HTTPS accepted + 200 sent.
    [Fact]
    public void StartWaitsForCallConnectRequestUnderTheNegotiationTimer()
    {
        var h = new ServerHarness();
        Assert.Equal(Server_Call_Disconnected, h.State);
        h.Machine.Start(1_000);
        Assert.Equal(Server_Connect_Request_Pending, h.State);
        Assert.Equal(61_000, h.Machine.NextDeadlineMs);
        Assert.Empty(h.Events);
        Assert.Throws<InvalidOperationException>(() => h.Machine.Start(1_000));
    }

    // Row: Call Connect Request, valid.
    [Fact]
    public void ValidCallConnectRequestIsAckedAndStartsPpp()
    {
        var h = new ServerHarness().InConnectRequestPending();
        h.Receive(ServerHarness.CallConnectRequest, 5_000);

        Assert.Equal(Server_Call_Connected_Pending, h.State);
        Assert.Equal(["send SSTP_MSG_CALL_CONNECT_ACK", "lower-layer-up"], h.Events);
        byte[] expectedAck = new byte[48];
        SstpControlWriter.WriteCallConnectAck(expectedAck, CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, ServerHarness.Nonce);
        Assert.Equal(expectedAck, h.Sent[0]);
        Assert.Equal(65_000, h.Machine.NextDeadlineMs); // negotiation timer restarted
        Assert.True(h.Machine.AllowsPppControlFrames);
        Assert.False(h.Machine.AllowsPppDataFrames);
    }

    [Fact]
    public void OfferedBitmaskIsConfigurableAndLimitedToKnownHashes()
    {
        var sha256Only = new ServerHarness(new SstpServerOptions { OfferedHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA256 }).InCallConnectedPending();
        Assert.Equal(0x02, sha256Only.Sent[0][15]);

        var noSha1Known = new ServerHarness(hashes: new ServerCertificateHashes([], Hex.Parse(SstpVectors.CertHashSha256))).InCallConnectedPending();
        Assert.Equal(0x02, noSha1Known.Sent[0][15]);

        Assert.Throws<ArgumentException>(() => new ServerHarness(
            new SstpServerOptions { OfferedHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 },
            new ServerCertificateHashes([], Hex.Parse(SstpVectors.CertHashSha256))));
    }

    // Row: Call Connect Request, invalid → NAK; after the retry limit, ABORT(RETRY_COUNT_EXCEEDED, 0x02).
    [Fact]
    public void InvalidCallConnectRequestIsNakedThenAbortedAfterRetryLimit()
    {
        var h = new ServerHarness().InConnectRequestPending();
        for (int i = 1; i <= 3; i++)
        {
            h.Receive(ServerHarness.BadCallConnectRequest, i);
            Assert.Equal(Server_Connect_Request_Pending, h.State);
            Assert.Equal(i, h.Machine.NakCount);
        }

        Assert.Equal(Hex.Parse("10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 02"), h.Sent[0]);
        Assert.Equal(60_000, h.Machine.NextDeadlineMs); // a NAK does not restart the negotiation timer

        h.Receive(ServerHarness.BadCallConnectRequest, 4);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_RETRY_COUNT_EXCEEDED), h.LastStatus());
        Assert.Equal(SstpCloseReason.NakRetryCountExceeded, h.Machine.CloseReason);
    }

    [Fact]
    public void CallConnectRequestAfterNakIsStillAccepted()
    {
        var h = new ServerHarness().InConnectRequestPending();
        h.Receive(ServerHarness.BadCallConnectRequest, 1);
        h.Receive(ServerHarness.CallConnectRequest, 2);
        Assert.Equal(Server_Call_Connected_Pending, h.State);
    }

    [Fact]
    public void NakRetryLimitZeroAbortsAtOnce()
    {
        var h = new ServerHarness(new SstpServerOptions { NakRetryLimit = 0 }).InConnectRequestPending();
        h.Receive(ServerHarness.BadCallConnectRequest, 1);
        Assert.Equal([SstpMessageType.SSTP_MSG_CALL_ABORT], h.SentTypes());
    }

    // Row: Call Connect Request in TEARDOWN → ignore.
    [Theory]
    [MemberData(nameof(TeardownStates))]
    public void CallConnectRequestIsIgnoredInTeardown(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.CallConnectRequest);

    // Row: Call Connect Request in any other state → ABORT(UNACCEPTED_FRAME_RECEIVED).
    [Theory]
    [InlineData(Server_Call_Connected_Pending)]
    [InlineData(Server_Call_Connected)]
    public void CallConnectRequestElsewhereIsUnaccepted(SstpServerState state) =>
        AssertUnaccepted(state, ServerHarness.CallConnectRequest);

    // Row: Call Connected in Server_Call_Connected_Pending, OK.
    [Fact]
    public void VerifiedCallConnectedOpensTheDataPath()
    {
        var h = new ServerHarness().InCallConnectedPending();
        h.Machine.SetHigherLayerAuthenticationKey(ServerHarness.Hlak, 10_000);
        h.ClearOutput();
        h.Receive(ServerHarness.CallConnected, 12_000);

        Assert.Equal(Server_Call_Connected, h.State);
        Assert.Equal(["data-frames-allowed"], h.Events);
        Assert.Equal(72_000, h.Machine.NextDeadlineMs); // Hello timer replaces the negotiation timer
        Assert.True(h.Machine.AllowsPppDataFrames);
        Assert.True(h.Machine.MayForwardPppFrame(0x0021));
    }

    // Row: Call Connected in Server_Call_Connected_Pending, failed → ABORT per §9.
    [Theory]
    [InlineData(50, SstpCloseReason.CryptoBindingCertificateHashMismatch)]
    [InlineData(20, SstpCloseReason.CryptoBindingNonceMismatch)]
    [InlineData(90, SstpCloseReason.CryptoBindingMacMismatch)]
    public void FailedCryptoBindingAbortsWithValueNotSupported(int corruptOffset, SstpCloseReason reason)
    {
        var h = new ServerHarness().InCallConnectedPending();
        h.Machine.SetHigherLayerAuthenticationKey(ServerHarness.Hlak, 0);
        h.ClearOutput();
        byte[] message = (byte[])ServerHarness.CallConnected.Clone();
        message[corruptOffset] ^= 0x80;
        h.Receive(message, 1);

        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED), h.LastStatus());
        Assert.Equal(reason, h.Machine.CloseReason);
        Assert.Equal(Server_Call_Connected_Pending, h.Machine.TeardownFromState);
        Assert.DoesNotContain("data-frames-allowed", h.Events);
    }

    [Fact]
    public void MalformedCallConnectedAbortsWithAttribNotSupported()
    {
        var h = new ServerHarness().InCallConnectedPending();
        h.ClearOutput();
        h.Receive(Hex.Parse("10 01 00 08 00 04 00 00"), 1);
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_ATTRIB_NOT_SUPPORTED_IN_MSG), h.LastStatus());
        Assert.Equal(SstpCloseReason.CryptoBindingFormatError, h.Machine.CloseReason);
    }

    [Fact]
    public void HashProtocolNotOfferedIsRejected()
    {
        // Only SHA-256 offered; the client answers with the (otherwise valid) SHA-1 example.
        var h = new ServerHarness(new SstpServerOptions { OfferedHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA256 }).InCallConnectedPending();
        h.Machine.SetHigherLayerAuthenticationKey(Hex.Parse(SstpVectors.HlakSha1Example), 0);
        h.ClearOutput();
        h.Receive(Hex.Parse(SstpVectors.CallConnectedSha1), 1);
        Assert.Equal(SstpCloseReason.CryptoBindingHashProtocolNotOffered, h.Machine.CloseReason);
        Assert.Equal((SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, SstpAttributeStatus.ATTRIB_STATUS_VALUE_NOT_SUPPORTED), h.LastStatus());
    }

    [Fact]
    public void Sha1IsAcceptedWhenOffered()
    {
        // The SHA-1 spec example carries a different nonce; a client echoing our nonce with SHA-1 is fine.
        var h = new ServerHarness().InCallConnectedPending();
        byte[] hlak = new byte[32];
        h.Machine.SetHigherLayerAuthenticationKey(hlak, 0);
        byte[] message = new byte[112];
        CallConnectedBuilder.Write(message, CertHashProtocols.CERT_HASH_PROTOCOL_SHA1, ServerHarness.Nonce, Hex.Parse(SstpVectors.CertHashSha1), hlak);
        h.Receive(message, 1);
        Assert.Equal(Server_Call_Connected, h.State);
    }

    // Row: Call Connected in TEARDOWN → ignore.
    [Theory]
    [MemberData(nameof(TeardownStates))]
    public void CallConnectedIsIgnoredInTeardown(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.CallConnected);

    // Row: Call Connected in any other state → ABORT(UNACCEPTED_FRAME_RECEIVED).
    [Theory]
    [InlineData(Server_Connect_Request_Pending)]
    [InlineData(Server_Call_Connected)]
    public void CallConnectedElsewhereIsUnaccepted(SstpServerState state) =>
        AssertUnaccepted(state, ServerHarness.CallConnected);

    // Deferred verification (sstpc sends Call Connected before our authentication finished).
    [Fact]
    public void EarlyCallConnectedIsVerifiedWhenTheHlakArrives()
    {
        var h = new ServerHarness().InCallConnectedPending();
        h.ClearOutput();
        h.Receive(ServerHarness.CallConnected, 1_000);
        Assert.Equal(Server_Call_Connected_Pending, h.State);
        Assert.True(h.Machine.IsCallConnectedQueued);
        Assert.Empty(h.Events);

        h.Machine.SetHigherLayerAuthenticationKey(ServerHarness.Hlak, 3_000);
        Assert.Equal(Server_Call_Connected, h.State);
        Assert.Equal(["data-frames-allowed"], h.Events);
        Assert.Equal(63_000, h.Machine.NextDeadlineMs);
        Assert.False(h.Machine.IsCallConnectedQueued);
    }

    [Fact]
    public void EarlyCallConnectedWithWrongMacFailsWhenTheHlakArrives()
    {
        var h = new ServerHarness().InCallConnectedPending();
        h.Receive(ServerHarness.CallConnected, 1_000);
        h.Machine.SetHigherLayerAuthenticationKey(new byte[32], 2_000); // zero HLAK: the MS-CHAPv2-without-keys bug
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal(SstpCloseReason.CryptoBindingMacMismatch, h.Machine.CloseReason);
    }

    [Fact]
    public void EarlyCallConnectedWithWrongNonceFailsAtOnce()
    {
        var h = new ServerHarness().InCallConnectedPending();
        byte[] message = (byte[])ServerHarness.CallConnected.Clone();
        message[16] ^= 1;
        h.Receive(message, 1_000);
        Assert.Equal(SstpCloseReason.CryptoBindingNonceMismatch, h.Machine.CloseReason);
    }

    [Fact]
    public void EarlyCallConnectedIsStillBoundedByTheNegotiationTimer()
    {
        var h = new ServerHarness().InCallConnectedPending();
        h.Receive(ServerHarness.CallConnected, 1_000);
        h.Machine.Tick(60_000);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal(SstpCloseReason.NegotiationTimeoutAwaitingCallConnected, h.Machine.CloseReason);
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT), h.LastStatus());

        h.Machine.SetHigherLayerAuthenticationKey(ServerHarness.Hlak, 60_001); // too late: ignored
        Assert.Equal(Call_Abort_Pending, h.State);
    }

    [Fact]
    public void HlakMustBe32Bytes()
    {
        var h = new ServerHarness().InCallConnectedPending();
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Machine.SetHigherLayerAuthenticationKey(new byte[16], 0));
    }

    // Row: Call Abort in Call_Abort_Pending → ABORT_TIMER_2, Call_Abort_Timeout_Pending.
    [Fact]
    public void PeerAbortAnswersOurAbort()
    {
        var h = new ServerHarness().In(Call_Abort_Pending);
        h.Receive(ServerHarness.CallAbort, 500);
        Assert.Equal(Call_Abort_Timeout_Pending, h.State);
        Assert.Empty(h.Events);
        Assert.Equal(1_500, h.Machine.NextDeadlineMs);
        h.Machine.Tick(1_500);
        Assert.Equal(["close AdminAbort"], h.Events);
    }

    // Row: Call Abort in Call_Abort_Timeout_Pending / Call_Disconnect_Timeout_Pending → ignore.
    [Theory]
    [InlineData(Call_Abort_Timeout_Pending)]
    [InlineData(Call_Disconnect_Timeout_Pending)]
    public void CallAbortIsIgnoredWhileLingering(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.CallAbort);

    // Row: Call Abort in any other state → send Call Abort, ABORT_TIMER_2, Call_Abort_Timeout_Pending.
    [Theory]
    [InlineData(Server_Connect_Request_Pending)]
    [InlineData(Server_Call_Connected_Pending)]
    [InlineData(Server_Call_Connected)]
    [InlineData(Call_Disconnect_Ack_Pending)]
    public void PeerAbortIsAnsweredAndLingersOneSecond(SstpServerState state)
    {
        var h = new ServerHarness().In(state);
        h.Receive(ServerHarness.CallAbort, 100);
        Assert.Equal(Call_Abort_Timeout_Pending, h.State);
        Assert.Equal([SstpMessageType.SSTP_MSG_CALL_ABORT], h.SentTypes());
        Assert.Equal(1_100, h.Machine.NextDeadlineMs);
        Assert.False(h.Machine.AllowsPppControlFrames);
        h.Machine.Tick(1_100);
        SstpCloseReason expected = state == Call_Disconnect_Ack_Pending ? SstpCloseReason.PppTerminated : SstpCloseReason.PeerAbort;
        Assert.Equal("close " + expected, h.Events[^1]);
    }

    // Row: Call Disconnect in Call_Abort_Timeout_Pending, Call_Abort_Pending, Call_Disconnect_Timeout_Pending → ignore.
    [Theory]
    [InlineData(Call_Abort_Timeout_Pending)]
    [InlineData(Call_Abort_Pending)]
    [InlineData(Call_Disconnect_Timeout_Pending)]
    public void CallDisconnectIsIgnoredInAbortAndLinger(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.CallDisconnect);

    // Row: Call Disconnect in Call_Disconnect_Ack_Pending (collision).
    [Fact]
    public void DisconnectCollisionIsAcked()
    {
        var h = new ServerHarness().In(Call_Disconnect_Ack_Pending);
        h.Receive(ServerHarness.CallDisconnect, 200);
        Assert.Equal(Call_Disconnect_Timeout_Pending, h.State);
        Assert.Equal([ServerHarness.CallDisconnectAck], h.Sent);
        Assert.Equal(1_200, h.Machine.NextDeadlineMs); // DISCONNECT_TIMER_1 stopped, TIMER_2 started
    }

    // Row: Call Disconnect in any other state (the normal client hang-up).
    [Theory]
    [InlineData(Server_Connect_Request_Pending)]
    [InlineData(Server_Call_Connected_Pending)]
    [InlineData(Server_Call_Connected)]
    public void PeerDisconnectIsAckedAndClosesAfterOneSecond(SstpServerState state)
    {
        var h = new ServerHarness().In(state);
        h.Receive(ServerHarness.CallDisconnect, 300);
        Assert.Equal(Call_Disconnect_Timeout_Pending, h.State);
        Assert.Equal([ServerHarness.CallDisconnectAck], h.Sent);
        Assert.False(h.Machine.AllowsPppControlFrames);

        h.Machine.Tick(1_299);
        Assert.False(h.Machine.IsClosed);
        h.Machine.Tick(1_300);
        Assert.Equal("close PeerDisconnect", h.Events[^1]);
        Assert.Equal(state, h.Machine.TeardownFromState);
    }

    [Fact]
    public void PeerClosingTcpDuringLingerKeepsTheReason()
    {
        var h = new ServerHarness().In(Call_Disconnect_Timeout_Pending);
        h.Machine.OnTransportClosed(100);
        Assert.Equal(["close PeerDisconnect"], h.Events);
    }

    // Row: Call Disconnect Ack in Call_Disconnect_Ack_Pending → clean up now.
    [Fact]
    public void DisconnectAckClosesAtOnce()
    {
        var h = new ServerHarness().In(Call_Disconnect_Ack_Pending);
        h.Receive(ServerHarness.CallDisconnectAck, 10);
        Assert.Equal(["close PppTerminated"], h.Events);
        Assert.Equal(Server_Call_Disconnected, h.State);
        Assert.True(h.Machine.IsClosed);
        Assert.Equal(long.MaxValue, h.Machine.NextDeadlineMs);
    }

    // Row: Call Disconnect Ack in Call_Abort_Pending, Call_Abort_Timeout_Pending, Call_Disconnect_Timeout_Pending → ignore.
    [Theory]
    [InlineData(Call_Abort_Pending)]
    [InlineData(Call_Abort_Timeout_Pending)]
    [InlineData(Call_Disconnect_Timeout_Pending)]
    public void DisconnectAckIsIgnoredInOtherTeardownStates(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.CallDisconnectAck);

    // Row: Call Disconnect Ack in any other state → ABORT(UNACCEPTED_FRAME_RECEIVED).
    [Theory]
    [InlineData(Server_Connect_Request_Pending)]
    [InlineData(Server_Call_Connected_Pending)]
    [InlineData(Server_Call_Connected)]
    public void UnexpectedDisconnectAckIsUnaccepted(SstpServerState state) =>
        AssertUnaccepted(state, ServerHarness.CallDisconnectAck);

    // Row: Echo Request in Server_Call_Connected → restart Hello timer, send Echo Response.
    [Fact]
    public void EchoRequestIsAnswered()
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Receive(ServerHarness.EchoRequest, 30_000);
        Assert.Equal([ServerHarness.EchoResponse], h.Sent);
        Assert.Equal(90_000, h.Machine.NextDeadlineMs);
    }

    // Row: Echo Request in TEARDOWN → ignore.
    [Theory]
    [MemberData(nameof(TeardownStates))]
    public void EchoRequestIsIgnoredInTeardown(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.EchoRequest);

    // Row: Echo Request in any other state → ABORT, except the lenient answer before Call Connected (interop.md #20).
    [Fact]
    public void EchoRequestBeforeCallConnectRequestIsUnaccepted() =>
        AssertUnaccepted(Server_Connect_Request_Pending, ServerHarness.EchoRequest);

    [Fact]
    public void EchoRequestWhileWaitingForCallConnectedIsAnswered()
    {
        var h = new ServerHarness().In(Server_Call_Connected_Pending);
        h.Receive(ServerHarness.EchoRequest, 30_000);
        Assert.Equal([ServerHarness.EchoResponse], h.Sent);
        Assert.Equal(Server_Call_Connected_Pending, h.State);
        Assert.Equal(60_000, h.Machine.NextDeadlineMs); // the negotiation timer is not restarted
    }

    [Fact]
    public void EchoRequestWhileWaitingForCallConnectedAbortsWhenStrict()
    {
        var h = new ServerHarness(new SstpServerOptions { AnswerEchoRequestBeforeCallConnected = false }).In(Server_Call_Connected_Pending);
        h.Receive(ServerHarness.EchoRequest, 30_000);
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED), h.LastStatus());
    }

    // Row: Echo Response in Server_Call_Connected → restart Hello timer.
    [Fact]
    public void EchoResponseRestartsHello()
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Machine.Tick(60_000); // sends Echo Request
        h.Receive(ServerHarness.EchoResponse, 61_000);
        Assert.Equal(121_000, h.Machine.NextDeadlineMs);
        h.Machine.Tick(121_000); // a fresh first expiry: probe again, do not close
        Assert.Equal([SstpMessageType.SSTP_MSG_ECHO_REQUEST, SstpMessageType.SSTP_MSG_ECHO_REQUEST], h.SentTypes());
        Assert.False(h.Machine.IsClosed);
    }

    // Row: Echo Response in TEARDOWN → ignore.
    [Theory]
    [MemberData(nameof(TeardownStates))]
    public void EchoResponseIsIgnoredInTeardown(SstpServerState state) =>
        AssertIgnored(state, ServerHarness.EchoResponse);

    // Row: Echo Response in any other state → ABORT(UNACCEPTED_FRAME_RECEIVED).
    [Theory]
    [InlineData(Server_Connect_Request_Pending)]
    [InlineData(Server_Call_Connected_Pending)]
    public void UnsolicitedEchoResponseIsUnaccepted(SstpServerState state) =>
        AssertUnaccepted(state, ServerHarness.EchoResponse);

    // Row: Call Connect Ack / Nak received → ABORT.
    [Theory]
    [InlineData("10 01 00 30 00 02 00 01 00 04 00 28 00 00 00 02 412B489AEBD7ECC7D08966F26BE7CD72B231A0E9210D7C91B308862B0344C435")]
    [InlineData("10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 02")]
    public void ServerOnlyMessagesAreUnaccepted(string hex)
    {
        AssertUnaccepted(Server_Call_Connected, Hex.Parse(hex));
        AssertIgnored(Call_Abort_Pending, Hex.Parse(hex));
    }

    // Row: unknown message type → ABORT(INVALID_FRAME_RECEIVED).
    [Theory]
    [InlineData("10 01 00 08 00 0A 00 00")] // unknown type
    [InlineData("10 01 00 08 00 00 00 00")]
    [InlineData("10 01 00 0C 00 08 00 02 00 01 00 04")] // malformed: count mismatch
    [InlineData("10 00 00 08 00 08 00 00")] // a data packet handed in as control
    public void InvalidFramesAbort(string hex)
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Receive(Hex.Parse(hex), 10);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED), h.LastStatus());
        Assert.Equal(SstpCloseReason.InvalidFrame, h.Machine.CloseReason);
    }

    // Row: negotiation timer expiry in Server_Connect_Request_Pending / Server_Call_Connected_Pending.
    [Theory]
    [InlineData(Server_Connect_Request_Pending, SstpCloseReason.NegotiationTimeoutAwaitingConnectRequest)]
    [InlineData(Server_Call_Connected_Pending, SstpCloseReason.NegotiationTimeoutAwaitingCallConnected)]
    public void NegotiationTimeoutAborts(SstpServerState state, SstpCloseReason reason)
    {
        var h = new ServerHarness().In(state);
        h.Machine.Tick(59_999);
        Assert.Empty(h.Events);
        h.Machine.Tick(60_000);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT), h.LastStatus());
        Assert.Equal(reason, h.Machine.CloseReason);
        Assert.Equal(state, h.Machine.TeardownFromState);
    }

    // Row: Hello timer expiry in Server_Call_Connected.
    [Fact]
    public void HelloProbesThenClosesWithoutAbort()
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Machine.Tick(59_999);
        Assert.Empty(h.Events);
        h.Machine.Tick(60_000);
        Assert.Equal([ServerHarness.EchoRequest], h.Sent);
        Assert.Equal(120_000, h.Machine.NextDeadlineMs);

        h.Machine.Tick(120_000);
        Assert.Equal(["send SSTP_MSG_ECHO_REQUEST", "close HelloTimeout"], h.Events); // no Call Abort
        Assert.Equal(Server_Call_Connected, h.Machine.TeardownFromState);
    }

    [Fact]
    public void AnyReceivedPacketRestartsHello()
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Machine.Tick(60_000); // probe
        h.Machine.OnDataPacketReceived(100_000);
        Assert.Equal(160_000, h.Machine.NextDeadlineMs);
        h.Machine.Tick(120_000);
        Assert.False(h.Machine.IsClosed);
    }

    // Row: PPP wants to close → Call Disconnect (0/0), DISCONNECT_TIMER_1 (5 s), Call_Disconnect_Ack_Pending.
    [Theory]
    [InlineData(Server_Call_Connected, SstpCloseReason.PppTerminated)]
    [InlineData(Server_Call_Connected_Pending, SstpCloseReason.AuthenticationFailed)]
    public void LocalDisconnectSendsCallDisconnectAndWaitsForAck(SstpServerState state, SstpCloseReason reason)
    {
        var h = new ServerHarness().In(state);
        h.Machine.Disconnect(1_000, reason);
        Assert.Equal([ServerHarness.CallDisconnect], h.Sent);
        Assert.Equal(Call_Disconnect_Ack_Pending, h.State);
        Assert.Equal(6_000, h.Machine.NextDeadlineMs);
        Assert.False(h.Machine.MayForwardPppFrame(0xC021));

        h.Machine.Disconnect(1_001); // already tearing down
        h.Machine.Abort(1_001);
        Assert.Single(h.Sent);

        h.Machine.Tick(6_000); // no Ack: forced clean-up
        Assert.Equal("close " + reason, h.Events[^1]);
    }

    [Fact]
    public void AdminAbortSendsCallAbortAndWaitsThreeSeconds()
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Machine.Abort(1_000);
        Assert.Equal([SstpMessageType.SSTP_MSG_CALL_ABORT], h.SentTypes());
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal(4_000, h.Machine.NextDeadlineMs);
        h.Machine.Tick(3_999);
        Assert.False(h.Machine.IsClosed);
        h.Machine.Tick(4_000);
        Assert.Equal("close AdminAbort", h.Events[^1]);
    }

    // Row: TCP/TLS closed by peer → clean up immediately, no messages.
    [Theory]
    [InlineData(Server_Connect_Request_Pending)]
    [InlineData(Server_Call_Connected_Pending)]
    [InlineData(Server_Call_Connected)]
    public void TransportCloseCleansUpSilently(SstpServerState state)
    {
        var h = new ServerHarness().In(state);
        h.Machine.OnTransportClosed(5);
        Assert.Equal(["close TransportClosed"], h.Events);
        Assert.Equal(state, h.Machine.TeardownFromState);

        h.Receive(ServerHarness.EchoRequest, 6); // everything after close is ignored
        h.Machine.OnTransportClosed(7);
        h.Machine.Tick(long.MaxValue - 1);
        Assert.Single(h.Events);
    }

    [Fact]
    public void DelineationFailureClosesWithoutSending()
    {
        var h = new ServerHarness().In(Server_Call_Connected);
        h.Machine.OnDelineationFailure(5);
        Assert.Equal(["close DelineationFailure"], h.Events);
    }

    [Fact]
    public void OurAbortTimesOutAfterThreeSecondsThenPeerAbortLingersOneSecond()
    {
        var h = new ServerHarness().In(Server_Connect_Request_Pending);
        h.Receive(ServerHarness.EchoRequest, 1_000); // unaccepted → ABORT_TIMER_1
        Assert.Equal(4_000, h.Machine.NextDeadlineMs);
        h.Receive(ServerHarness.CallAbort, 2_000); // → ABORT_TIMER_2
        Assert.Equal(3_000, h.Machine.NextDeadlineMs);
        h.Machine.Tick(3_000);
        Assert.Equal("close UnacceptedFrame", h.Events[^1]);
        Assert.Equal(Server_Connect_Request_Pending, h.Machine.TeardownFromState);
    }

    [Fact]
    public void PppFramesAreGatedByState()
    {
        var h = new ServerHarness();
        h.Machine.Start(0);
        Assert.False(h.Machine.MayForwardPppFrame(0xC021)); // LCP before Call Connect Ack
        h.Receive(ServerHarness.CallConnectRequest, 0);
        Assert.True(h.Machine.MayForwardPppFrame(0xC021));
        Assert.True(h.Machine.MayForwardPppFrame(0x8021)); // IPCP before Call Connected is fine
        Assert.False(h.Machine.MayForwardPppFrame(0x0021)); // IPv4 is not
        Assert.False(h.Machine.MayForwardPppFrame(0x0057));
        h.Machine.SetHigherLayerAuthenticationKey(ServerHarness.Hlak, 0);
        h.Receive(ServerHarness.CallConnected, 0);
        Assert.True(h.Machine.MayForwardPppFrame(0x0021));
        Assert.True(h.Machine.MayForwardPppFrame(0x0057));
        h.Machine.Disconnect(0);
        Assert.False(h.Machine.MayForwardPppFrame(0x0021));
        Assert.False(h.Machine.MayForwardPppFrame(0xC021));
    }

    [Fact]
    public void OptionsRejectNonsense()
    {
        var options = new SstpServerOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.HelloInterval = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.NakRetryLimit = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.OfferedHashProtocols = CertHashProtocols.None);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.OfferedHashProtocols = (CertHashProtocols)0x04);
    }

    private static void AssertIgnored(SstpServerState state, byte[] packet)
    {
        var h = new ServerHarness().In(state);
        long deadline = h.Machine.NextDeadlineMs;
        h.Receive(packet, 100);
        Assert.Equal(state, h.State);
        Assert.Empty(h.Events);
        Assert.Equal(deadline, h.Machine.NextDeadlineMs);
    }

    private static void AssertUnaccepted(SstpServerState state, byte[] packet)
    {
        var h = new ServerHarness().In(state);
        h.Receive(packet, 100);
        Assert.Equal(Call_Abort_Pending, h.State);
        Assert.Equal([SstpMessageType.SSTP_MSG_CALL_ABORT], h.SentTypes());
        Assert.Equal((StatusInfoId, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED), h.LastStatus());
        Assert.Equal(SstpCloseReason.UnacceptedFrame, h.Machine.CloseReason);
        Assert.Equal(state, h.Machine.TeardownFromState);
        Assert.Equal(3_100, h.Machine.NextDeadlineMs);
    }
}
