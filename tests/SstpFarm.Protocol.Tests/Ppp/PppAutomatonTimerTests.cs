using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Tests.Ppp;

public sealed class PppAutomatonTimerTests
{
    private readonly RecordingOutput _output = new();

    [Fact]
    public void RetransmitsConfigureRequestMaxConfigureTimesThenStops()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        Assert.Equal(3_000, fsm.NextDeadlineMs);

        long now = 0;
        while (fsm.State == PppState.ReqSent)
        {
            now = fsm.NextDeadlineMs;
            fsm.Tick(now);
        }

        Assert.Equal(PppState.Stopped, fsm.State);
        Assert.Equal(30_000, now);
        Assert.Equal(10, _output.Sent.Count);
        Assert.All(_output.Sent, p => Assert.Equal(_output.Sent[0].Packet, p.Packet)); // same Identifier, same options
        Assert.Equal(PppAutomaton.NoDeadline, fsm.NextDeadlineMs);
    }

    [Fact]
    public void SendsMaxTerminateTerminateRequestsThenCloses()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        _output.Clear();
        fsm.Close(100);

        fsm.Tick(3_100);
        Assert.Equal(PppState.Closing, fsm.State);
        fsm.Tick(6_100);

        Assert.Equal(PppState.Closed, fsm.State);
        Assert.Equal([(byte)PppCode.TerminateRequest, (byte)PppCode.TerminateRequest], _output.Codes.ToArray());
    }

    [Fact]
    public void UsesConfiguredRestartTimer()
    {
        var fsm = new TestControlProtocol(_output, new PppAutomatonOptions { RestartTimerMs = 500 });
        fsm.Up(10);
        fsm.Open(10);
        Assert.Equal(510, fsm.NextDeadlineMs);
    }

    [Fact]
    public void ConvertsNaksToRejectsAfterMaxFailure()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        _output.Clear();

        for (byte id = 1; id <= 6; id++)
        {
            fsm.Receive([0x01, id, 0x00, 0x07, 0x02, 0x03, 0x00], 0);
        }

        byte[] codes = _output.Codes.ToArray();
        Assert.Equal([3, 3, 3, 3, 3, 4], codes);
        Assert.Equal(new byte[] { 0x04, 0x06, 0x00, 0x07, 0x02, 0x03, 0x00 }, _output.Last);
    }

    [Fact]
    public void AnAckResetsTheFailureCount()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        for (byte id = 1; id <= 4; id++)
        {
            fsm.Receive([0x01, id, 0x00, 0x07, 0x02, 0x03, 0x00], 0);
        }

        fsm.Receive([0x01, 0x05, 0x00, 0x07, 0x01, 0x03, 0x42], 0);
        _output.Clear();
        fsm.Receive([0x01, 0x06, 0x00, 0x07, 0x02, 0x03, 0x00], 0);

        Assert.Equal((byte)PppCode.ConfigureNak, _output.Last[0]);
    }

    [Fact]
    public void DiscardsRepliesWithAnotherIdentifierOrOtherOptions()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        byte id = fsm.RequestIdentifier;

        fsm.Receive([0x02, (byte)(id + 1), 0x00, 0x07, 0x01, 0x03, 0x42], 0);
        fsm.Receive([0x03, (byte)(id + 1), 0x00, 0x07, 0x01, 0x03, 0x43], 0);
        fsm.Receive([0x02, id, 0x00, 0x07, 0x01, 0x03, 0x43], 0);
        Assert.Equal(PppState.ReqSent, fsm.State);

        fsm.Receive([0x02, id, 0x00, 0x07, 0x01, 0x03, 0x42], 0);
        Assert.Equal(PppState.AckRcvd, fsm.State);

        fsm.Receive([0x02, id, 0x00, 0x07, 0x01, 0x03, 0x42], 0); // duplicate: already answered
        Assert.Equal(PppState.AckRcvd, fsm.State);
    }

    [Fact]
    public void NewRequestAfterNakUsesNewIdentifier()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        byte first = fsm.RequestIdentifier;

        fsm.Receive([0x03, first, 0x00, 0x07, 0x01, 0x03, 0x43], 0);

        Assert.NotEqual(first, fsm.RequestIdentifier);
        Assert.Equal(fsm.RequestIdentifier, _output.Last[1]);
    }

    [Fact]
    public void CodeRejectIsTruncatedToPeerMru()
    {
        var fsm = new TestControlProtocol(_output) { PeerMru = 64 };
        fsm.Up(0);
        fsm.Open(0);
        byte[] unknown = new byte[200];
        unknown[0] = 0x30;
        unknown[1] = 0x01;
        unknown[2] = 0x00;
        unknown[3] = 200;

        fsm.Receive(unknown, 0);

        Assert.Equal(64, _output.Last.Length);
        Assert.Equal(new byte[] { 0x07, _output.Last[1], 0x00, 64, 0x30, 0x01, 0x00, 200 }, _output.Last[..8]);
    }

    [Fact]
    public void TerminateAckFromOpenedWaitsOneTimeoutInStopping()
    {
        var fsm = new TestControlProtocol(_output);
        fsm.Up(0);
        fsm.Open(0);
        fsm.Receive([0x01, 0x01, 0x00, 0x07, 0x01, 0x03, 0x42], 0);
        fsm.Receive([0x02, fsm.RequestIdentifier, 0x00, 0x07, 0x01, 0x03, 0x42], 0);
        Assert.Equal(PppState.Opened, fsm.State);
        Assert.Equal(PppAutomaton.NoDeadline, fsm.NextDeadlineMs);

        fsm.Receive([0x05, 0x09, 0x00, 0x04], 1_000);
        Assert.Equal(PppState.Stopping, fsm.State);
        Assert.Equal(0, fsm.RestartCounter);

        fsm.Tick(4_000);
        Assert.Equal(PppState.Stopped, fsm.State);
    }
}
