using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.Server;
using SstpFarm.Protocol.Tests.Common;
using static SstpFarm.Protocol.Sstp.Control.SstpMessageType;
using static SstpFarm.Protocol.Sstp.SstpTeardownState;

namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>
/// The shared teardown machine on its own: one theory row per Call Abort / Call Disconnect / Call
/// Disconnect Ack row of docs/protocol/sstp.md §8.2–§8.3 (MS-SSTP §3.1.1.1, §3.1.2.1, §3.1.2.2, §3.1.5.1).
/// Default timers: ABORT 3 s / 1 s, DISCONNECT 5 s / 1 s.
/// </summary>
public sealed class SstpTeardownTests
{
    private const long Now = 10_000;

    private static readonly SstpTeardownState[] Waiting =
        [Call_Abort_Pending, Call_Abort_Timeout_Pending, Call_Disconnect_Ack_Pending, Call_Disconnect_Timeout_Pending];

    public static TheoryData<SstpTeardownState> WaitingStates => new(Waiting);

    /// <summary>(state, received, outcome, next state, message sent or 0, timer started or -1).</summary>
    public static TheoryData<SstpTeardownState, SstpMessageType, SstpTeardownOutcome, SstpTeardownState, SstpMessageType, long> EventTable => new()
    {
        // Call Abort: stop timer 1, start timer 2 | ignore while lingering | answer anywhere else.
        { Call_Abort_Pending, SSTP_MSG_CALL_ABORT, SstpTeardownOutcome.AbortAnswered, Call_Abort_Timeout_Pending, 0, 1_000 },
        { Call_Abort_Timeout_Pending, SSTP_MSG_CALL_ABORT, SstpTeardownOutcome.Ignored, Call_Abort_Timeout_Pending, 0, -1 },
        { Call_Disconnect_Timeout_Pending, SSTP_MSG_CALL_ABORT, SstpTeardownOutcome.Ignored, Call_Disconnect_Timeout_Pending, 0, -1 },
        { None, SSTP_MSG_CALL_ABORT, SstpTeardownOutcome.Answered, Call_Abort_Timeout_Pending, SSTP_MSG_CALL_ABORT, 1_000 },
        { Call_Disconnect_Ack_Pending, SSTP_MSG_CALL_ABORT, SstpTeardownOutcome.Answered, Call_Abort_Timeout_Pending, SSTP_MSG_CALL_ABORT, 1_000 },

        // Call Disconnect: ignore in abort and linger | Ack on collision (timer 1 stopped) | Ack otherwise.
        { Call_Abort_Pending, SSTP_MSG_CALL_DISCONNECT, SstpTeardownOutcome.Ignored, Call_Abort_Pending, 0, -1 },
        { Call_Abort_Timeout_Pending, SSTP_MSG_CALL_DISCONNECT, SstpTeardownOutcome.Ignored, Call_Abort_Timeout_Pending, 0, -1 },
        { Call_Disconnect_Timeout_Pending, SSTP_MSG_CALL_DISCONNECT, SstpTeardownOutcome.Ignored, Call_Disconnect_Timeout_Pending, 0, -1 },
        { Call_Disconnect_Ack_Pending, SSTP_MSG_CALL_DISCONNECT, SstpTeardownOutcome.Answered, Call_Disconnect_Timeout_Pending, SSTP_MSG_CALL_DISCONNECT_ACK, 1_000 },
        { None, SSTP_MSG_CALL_DISCONNECT, SstpTeardownOutcome.Answered, Call_Disconnect_Timeout_Pending, SSTP_MSG_CALL_DISCONNECT_ACK, 1_000 },

        // Call Disconnect Ack: clean up | ignore in the other teardown states | not ours to judge outside teardown.
        { Call_Disconnect_Ack_Pending, SSTP_MSG_CALL_DISCONNECT_ACK, SstpTeardownOutcome.CleanUp, Call_Disconnect_Ack_Pending, 0, -1 },
        { Call_Abort_Pending, SSTP_MSG_CALL_DISCONNECT_ACK, SstpTeardownOutcome.Ignored, Call_Abort_Pending, 0, -1 },
        { Call_Abort_Timeout_Pending, SSTP_MSG_CALL_DISCONNECT_ACK, SstpTeardownOutcome.Ignored, Call_Abort_Timeout_Pending, 0, -1 },
        { Call_Disconnect_Timeout_Pending, SSTP_MSG_CALL_DISCONNECT_ACK, SstpTeardownOutcome.Ignored, Call_Disconnect_Timeout_Pending, 0, -1 },
        { None, SSTP_MSG_CALL_DISCONNECT_ACK, SstpTeardownOutcome.NotHandled, None, 0, -1 },
    };

    /// <summary>Every message that is not part of teardown.</summary>
    public static TheoryData<SstpMessageType> OtherMessages => new()
    {
        SSTP_MSG_CALL_CONNECT_REQUEST, SSTP_MSG_CALL_CONNECT_ACK, SSTP_MSG_CALL_CONNECT_NAK, SSTP_MSG_CALL_CONNECTED,
        SSTP_MSG_ECHO_REQUEST, SSTP_MSG_ECHO_RESPONSE, (SstpMessageType)0x000A,
    };

    // §3.1.5.1: Call_Abort_In_Progress_1 → send Call Abort → start ABORT_STATE_TIMER_1 → Call_Abort_Pending.
    [Fact]
    public void AbortSendsABareCallAbortAndWaitsThreeSeconds()
    {
        var r = new Recorder();
        r.Teardown.Abort(Now);
        Assert.Equal([(Call_Abort_In_Progress_1, H("10 01 00 08 00 05 00 00"))], r.Sent);
        Assert.Equal(Call_Abort_Pending, r.Teardown.State);
        Assert.Equal(Now + 3_000, r.Teardown.DeadlineMs);
    }

    [Fact]
    public void AbortWithStatusCarriesOneStatusInfo()
    {
        var r = new Recorder();
        r.Teardown.Abort(Now, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_INVALID_FRAME_RECEIVED);
        Assert.Equal([(Call_Abort_In_Progress_1, H("10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 02 00 00 00 07"))], r.Sent);
        Assert.Equal(Call_Abort_Pending, r.Teardown.State);
        Assert.Equal(Now + 3_000, r.Teardown.DeadlineMs);
    }

    // §3.1.1.1: Call_Disconnect_In_Progress_1 → send Call Disconnect → DISCONNECT_STATE_TIMER_1 → Call_Disconnect_Ack_Pending.
    [Fact]
    public void DisconnectSendsTheWindowsFormAndWaitsFiveSeconds()
    {
        var r = new Recorder();
        r.Teardown.Disconnect(Now);
        Assert.Equal([(Call_Disconnect_In_Progress_1, H("10 01 00 14 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00"))], r.Sent);
        Assert.Equal(Call_Disconnect_Ack_Pending, r.Teardown.State);
        Assert.Equal(Now + 5_000, r.Teardown.DeadlineMs);
    }

    [Theory]
    [MemberData(nameof(WaitingStates))]
    public void LocalAbortAndDisconnectAreIgnoredOnceTeardownBegan(SstpTeardownState state)
    {
        Recorder r = Recorder.In(state);
        long deadline = r.Teardown.DeadlineMs;
        r.Teardown.Abort(Now + 50);
        r.Teardown.Abort(Now + 50, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_NEGOTIATION_TIMEOUT);
        r.Teardown.Disconnect(Now + 50);
        Assert.Empty(r.Sent);
        Assert.Equal(state, r.Teardown.State);
        Assert.Equal(deadline, r.Teardown.DeadlineMs);
    }

    [Theory]
    [MemberData(nameof(EventTable))]
    public void EventTableRow(SstpTeardownState state, SstpMessageType received, SstpTeardownOutcome outcome, SstpTeardownState next, SstpMessageType sent, long timer)
    {
        Recorder r = Recorder.In(state);
        long deadline = r.Teardown.DeadlineMs;
        Assert.Equal(outcome == SstpTeardownOutcome.Answered, r.Teardown.Answers(received));

        Assert.Equal(outcome, r.Teardown.OnControlMessage(received, Now + 100));

        Assert.Equal(next, r.Teardown.State);
        Assert.Equal(timer < 0 ? deadline : Now + 100 + timer, r.Teardown.DeadlineMs);
        if (sent == 0)
        {
            Assert.Empty(r.Sent);
        }
        else
        {
            // The answer is a bare message, sent while passing through the *_In_Progress_2 state.
            SstpTeardownState inProgress = next == Call_Abort_Timeout_Pending ? Call_Abort_In_Progress_2 : Call_Disconnect_In_Progress_2;
            Assert.Equal([(inProgress, H($"10 01 00 08 00 0{(int)sent:X} 00 00"))], r.Sent);
        }
    }

    // §3.1.2.1: "all SSTP messages except Call Abort MUST be ignored"; outside teardown they are establishment's.
    [Theory]
    [MemberData(nameof(OtherMessages))]
    public void OtherMessagesAreIgnoredInEveryTeardownStateAndLeftToEstablishmentOtherwise(SstpMessageType received)
    {
        foreach (SstpTeardownState state in Waiting)
        {
            Recorder r = Recorder.In(state);
            Assert.False(r.Teardown.Answers(received));
            Assert.Equal(SstpTeardownOutcome.Ignored, r.Teardown.OnControlMessage(received, Now + 1));
            Assert.Equal(state, r.Teardown.State);
            Assert.Empty(r.Sent);
        }

        Recorder idle = new();
        Assert.Equal(SstpTeardownOutcome.NotHandled, idle.Teardown.OnControlMessage(received, Now));
        Assert.Equal(None, idle.Teardown.State);
        Assert.Empty(idle.Sent);
    }

    // §3.1.2.1, §3.1.2.2: every teardown timer ends in clean-up when it expires, not before.
    [Theory]
    [MemberData(nameof(WaitingStates))]
    public void EachTimerExpiresAtItsDeadline(SstpTeardownState state)
    {
        Recorder r = Recorder.In(state);
        long expected = Now + (state switch
        {
            Call_Abort_Pending => 3_000,
            Call_Disconnect_Ack_Pending => 5_000,
            _ => 1_000,
        });
        Assert.Equal(expected, r.Teardown.DeadlineMs);
        Assert.False(r.Teardown.HasExpired(expected - 1));
        Assert.True(r.Teardown.HasExpired(expected));
    }

    [Fact]
    public void TimersComeFromTheOptions()
    {
        var options = new SstpClientOptions
        {
            AbortTimer1 = TimeSpan.FromMilliseconds(30),
            AbortTimer2 = TimeSpan.FromMilliseconds(20),
            DisconnectTimer1 = TimeSpan.FromMilliseconds(50),
            DisconnectTimer2 = TimeSpan.FromMilliseconds(10),
        };
        var r = new Recorder(options);
        r.Teardown.Abort(0);
        Assert.Equal(30, r.Teardown.DeadlineMs);
        r.Teardown.OnControlMessage(SSTP_MSG_CALL_ABORT, 5);
        Assert.Equal(25, r.Teardown.DeadlineMs);

        var d = new Recorder(options);
        d.Teardown.Disconnect(0);
        Assert.Equal(50, d.Teardown.DeadlineMs);
        d.Teardown.OnControlMessage(SSTP_MSG_CALL_DISCONNECT, 5);
        Assert.Equal(15, d.Teardown.DeadlineMs);
    }

    [Fact]
    public void IdleTeardownHasNoTimerAndNeverExpires()
    {
        var r = new Recorder();
        Assert.False(r.Teardown.InProgress);
        Assert.Equal(long.MaxValue, r.Teardown.DeadlineMs);
        Assert.False(r.Teardown.HasExpired(long.MaxValue));
    }

    [Theory]
    [MemberData(nameof(WaitingStates))]
    public void CloseStopsTheTimer(SstpTeardownState state)
    {
        Recorder r = Recorder.In(state);
        r.Teardown.Close();
        Assert.Equal(None, r.Teardown.State);
        Assert.False(r.Teardown.InProgress);
        Assert.Equal(long.MaxValue, r.Teardown.DeadlineMs);
        Assert.False(r.Teardown.HasExpired(long.MaxValue));
    }

    /// <summary>The machines show a teardown state by casting; their enums must agree name for name.</summary>
    [Fact]
    public void ClientAndServerTeardownStatesHaveTheSharedValues()
    {
        foreach (SstpTeardownState state in Enum.GetValues<SstpTeardownState>().Where(s => s != None))
        {
            Assert.Equal(state.ToString(), ((SstpClientState)(int)state).ToString());
            Assert.Equal(state.ToString(), ((SstpServerState)(int)state).ToString());
        }

        string[] shared = Enum.GetNames<SstpTeardownState>();
        Assert.All(Enum.GetNames<SstpClientState>().Where(n => n.StartsWith("Call_", StringComparison.Ordinal)), n => Assert.Contains(n, shared));
        Assert.All(Enum.GetNames<SstpServerState>().Where(n => n.StartsWith("Call_", StringComparison.Ordinal)), n => Assert.Contains(n, shared));
    }

    /// <summary>
    /// Any sequence of local decisions, received messages and clean-ups: a timer runs exactly while
    /// teardown does, only waiting states are seen between calls, every packet goes out while passing
    /// through an *_In_Progress_* state, and at most one packet is sent per call.
    /// </summary>
    [Fact]
    public void RandomSequencesKeepStateTimerAndSendsConsistent()
    {
        SstpMessageType[] types = [SSTP_MSG_CALL_ABORT, SSTP_MSG_CALL_DISCONNECT, SSTP_MSG_CALL_DISCONNECT_ACK, SSTP_MSG_ECHO_REQUEST, SSTP_MSG_CALL_CONNECTED];
        Gen<(int Kind, int Delay, SstpMessageType Type)> step =
            from kind in Gen.Choose(0, 5)
            from delay in Gen.Choose(0, 6_000)
            from type in Gen.Elements(types)
            select (kind, delay, type);

        Prop.ForAll(Arb.From(step.ListOf().Select(l => l.ToArray())), steps =>
        {
            var r = new Recorder();
            long now = 0;
            foreach ((int kind, int delay, SstpMessageType type) in steps)
            {
                now += delay;
                int sentBefore = r.Sent.Count;
                switch (kind)
                {
                    case 0:
                        r.Teardown.Abort(now);
                        break;
                    case 1:
                        r.Teardown.Abort(now, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, SstpAttributeStatus.ATTRIB_STATUS_UNACCEPTED_FRAME_RECEIVED);
                        break;
                    case 2:
                        r.Teardown.Disconnect(now);
                        break;
                    case 3 when r.Teardown.HasExpired(now):
                        r.Teardown.Close();
                        break;
                    case 4 when r.Teardown.OnControlMessage(type, now) == SstpTeardownOutcome.CleanUp:
                        r.Teardown.Close();
                        break;
                    default:
                        break;
                }

                bool waiting = r.Teardown.State == None || Waiting.Contains(r.Teardown.State);
                bool timer = r.Teardown.InProgress == (r.Teardown.DeadlineMs != long.MaxValue);
                bool sends = r.Sent.Count - sentBefore <= 1 && r.Sent.Skip(sentBefore).All(s => s.State.ToString().Contains("_In_Progress_", StringComparison.Ordinal));
                if (!waiting || !timer || !sends)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    private static string H(string spaced) => Hex.Format(Hex.Parse(spaced));

    /// <summary>Records each packet with the state the teardown was in while it was sent.</summary>
    private sealed class Recorder
    {
        public Recorder(SstpTimerOptions? options = null)
        {
            // The sink runs only after the constructor returned, so Teardown is set by then.
            Teardown = new SstpTeardown(options ?? new SstpServerOptions(), packet => Sent.Add((Teardown!.State, Hex.Format(packet))));
        }

        public SstpTeardown Teardown { get; }

        public List<(SstpTeardownState State, string Packet)> Sent { get; } = [];

        /// <summary>A teardown walked into <paramref name="state"/> at <see cref="Now"/>, with nothing recorded.</summary>
        public static Recorder In(SstpTeardownState state)
        {
            var r = new Recorder();
            switch (state)
            {
                case Call_Abort_Pending:
                    r.Teardown.Abort(Now);
                    break;
                case Call_Abort_Timeout_Pending:
                    r.Teardown.OnControlMessage(SSTP_MSG_CALL_ABORT, Now);
                    break;
                case Call_Disconnect_Ack_Pending:
                    r.Teardown.Disconnect(Now);
                    break;
                case Call_Disconnect_Timeout_Pending:
                    r.Teardown.OnControlMessage(SSTP_MSG_CALL_DISCONNECT, Now);
                    break;
                default:
                    break;
            }

            Assert.Equal(state, r.Teardown.State);
            r.Sent.Clear();
            return r;
        }
    }
}
