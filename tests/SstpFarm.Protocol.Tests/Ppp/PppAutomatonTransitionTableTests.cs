using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>
/// Every cell of the RFC 1661 §4.1 transition table (copied from ppp.md §4): the automaton is
/// driven into the state with real inputs, the event is raised, and both the executed actions
/// and the new state are checked. '-' cells must do nothing.
/// </summary>
public sealed class PppAutomatonTransitionTableTests
{
    // Columns: states 0..9. Cell: "actions/state" or "state" or "-".
    private static readonly string[] Table =
    [
        "Up       | 2      | irc,scr/6 | -      | -             | -      | -      | -          | -         | -         | -",
        "Down     | -      | -         | 0      | tls/1         | 0      | 1      | 1          | 1         | 1         | tld/1",
        "Open     | tls/1  | 1         | irc,scr/6 | 3          | 5      | 5      | 6          | 7         | 8         | 9",
        "Close    | 0      | tlf/0     | 2      | 2             | 4      | 4      | irc,str/4  | irc,str/4 | irc,str/4 | tld,irc,str/4",
        "TOPlus   | -      | -         | -      | -             | str/4  | str/5  | scr/6      | scr/6     | scr/8     | -",
        "TOMinus  | -      | -         | -      | -             | tlf/2  | tlf/3  | tlf/3      | tlf/3     | tlf/3     | -",
        "RCRPlus  | -      | -         | sta/2  | irc,scr,sca/8 | 4      | 5      | sca/8      | sca,tlu/9 | sca/8     | tld,scr,sca/8",
        "RCRMinus | -      | -         | sta/2  | irc,scr,scn/6 | 4      | 5      | scn/6      | scn/7     | scn/6     | tld,scr,scn/6",
        "RCA      | -      | -         | sta/2  | sta/3         | 4      | 5      | irc/7      | scr/6     | irc,tlu/9 | tld,scr/6",
        "RCN      | -      | -         | sta/2  | sta/3         | 4      | 5      | irc,scr/6  | scr/6     | irc,scr/8 | tld,scr/6",
        "RTR      | -      | -         | sta/2  | sta/3         | sta/4  | sta/5  | sta/6      | sta/6     | sta/6     | tld,zrc,sta/5",
        "RTA      | -      | -         | 2      | 3             | tlf/2  | tlf/3  | 6          | 6         | 8         | tld,scr/6",
        "RUC      | -      | -         | scj/2  | scj/3         | scj/4  | scj/5  | scj/6      | scj/7     | scj/8     | scj/9",
        "RXJPlus  | -      | -         | 2      | 3             | 4      | 5      | 6          | 6         | 8         | 9",
        "RXJMinus | -      | -         | tlf/2  | tlf/3         | tlf/2  | tlf/3  | tlf/3      | tlf/3     | tlf/3     | tld,irc,str/5",
        "RXR      | -      | -         | 2      | 3             | 4      | 5      | 6          | 7         | 8         | ser/9",
    ];

    private static readonly byte[] GoodRequest = [0x01, 0x50, 0x00, 0x07, 0x01, 0x03, 0x42];
    private static readonly byte[] BadRequest = [0x01, 0x51, 0x00, 0x07, 0x02, 0x03, 0x00];

    public static TheoryData<PppEvent, PppState, string> Cells()
    {
        var data = new TheoryData<PppEvent, PppState, string>();
        foreach (string row in Table)
        {
            string[] cells = row.Split('|', StringSplitOptions.TrimEntries);
            PppEvent ev = Enum.Parse<PppEvent>(cells[0]);
            for (int state = 0; state < 10; state++)
            {
                data.Add(ev, (PppState)state, cells[state + 1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void FollowsTheTransitionTable(PppEvent ev, PppState state, string cell)
    {
        var harness = new Harness(ev == PppEvent.TOMinus);
        harness.DriveTo(state);
        Assert.Equal(state, harness.Fsm.State);
        harness.Actions.Clear();
        harness.Output.Clear();

        harness.Raise(ev, state);

        (string actions, PppState next) = Expected(cell, state);
        Assert.Equal(actions, string.Join(',', harness.Actions.Select(a => a.ToString().ToLowerInvariant())));
        Assert.Equal(next, harness.Fsm.State);

        // Every send action put exactly its packet on the wire, in order.
        byte[] expectedCodes = harness.Actions.Select(SentCode).Where(c => c != 0).ToArray();
        Assert.Equal(expectedCodes, harness.Output.Codes.ToArray());
    }

    private static (string Actions, PppState Next) Expected(string cell, PppState current)
    {
        if (cell == "-")
        {
            return (string.Empty, current);
        }

        int slash = cell.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? (string.Empty, (PppState)int.Parse(cell, System.Globalization.CultureInfo.InvariantCulture))
            : (cell[..slash], (PppState)int.Parse(cell[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static byte SentCode(PppAction action) => action switch
    {
        PppAction.Scr => (byte)PppCode.ConfigureRequest,
        PppAction.Sca => (byte)PppCode.ConfigureAck,
        PppAction.Scn => (byte)PppCode.ConfigureNak,
        PppAction.Str => (byte)PppCode.TerminateRequest,
        PppAction.Sta => (byte)PppCode.TerminateAck,
        PppAction.Scj => (byte)PppCode.CodeReject,
        PppAction.Ser => (byte)PppCode.EchoReply,
        _ => 0,
    };

    private sealed class Harness
    {
        // TO− needs an exhausted counter: with zero maxima the first timeout is already TO−.
        private static readonly PppAutomatonOptions Exhausted = new() { MaxConfigure = 0, MaxTerminate = 0 };

        public Harness(bool exhaustedCounters)
        {
            Fsm = new TestControlProtocol(Output, exhaustedCounters ? Exhausted : null);
            Fsm.ActionTrace = Actions.Add;
        }

        public RecordingOutput Output { get; } = new();

        public TestControlProtocol Fsm { get; }

        public List<PppAction> Actions { get; } = [];

        public long Now { get; private set; } = 1_000;

        public void DriveTo(PppState state)
        {
            switch (state)
            {
                case PppState.Initial:
                    break;
                case PppState.Starting:
                    Fsm.Open(Now);
                    break;
                case PppState.Closed:
                    DriveTo(PppState.Closing);
                    Fsm.Receive([0x06, 0x70, 0x00, 0x04], Now);
                    break;
                case PppState.Stopped:
                    DriveTo(PppState.ReqSent);
                    Fsm.Receive(CodeReject(0x01), Now);
                    break;
                case PppState.Closing:
                    DriveTo(PppState.ReqSent);
                    Fsm.Close(Now);
                    break;
                case PppState.Stopping:
                    DriveTo(PppState.Opened);
                    Fsm.Receive(CodeReject(0x01), Now);
                    break;
                case PppState.ReqSent:
                    Fsm.Up(Now);
                    Fsm.Open(Now);
                    break;
                case PppState.AckRcvd:
                    DriveTo(PppState.ReqSent);
                    Fsm.Receive(Reply(PppCode.ConfigureAck, 0x42), Now);
                    break;
                case PppState.AckSent:
                    DriveTo(PppState.ReqSent);
                    Fsm.Receive(GoodRequest, Now);
                    break;
                case PppState.Opened:
                    DriveTo(PppState.AckSent);
                    Fsm.Receive(Reply(PppCode.ConfigureAck, 0x42), Now);
                    break;
            }
        }

        public void Raise(PppEvent ev, PppState state)
        {
            switch (ev)
            {
                case PppEvent.Up:
                    Fsm.Up(Now);
                    break;
                case PppEvent.Down:
                    Fsm.Down(Now);
                    break;
                case PppEvent.Open:
                    Fsm.Open(Now);
                    break;
                case PppEvent.Close:
                    Fsm.Close(Now);
                    break;
                case PppEvent.TOPlus:
                case PppEvent.TOMinus:
                    bool timerRuns = Fsm.NextDeadlineMs != PppAutomaton.NoDeadline;
                    Assert.Equal(timerRuns, state is PppState.Closing or PppState.Stopping or PppState.ReqSent or PppState.AckRcvd or PppState.AckSent);
                    Assert.True(!timerRuns || (ev == PppEvent.TOPlus) == (Fsm.RestartCounter > 0));
                    Now = timerRuns ? Fsm.NextDeadlineMs : Now + 3_600_000;
                    Fsm.Tick(Now - 1);
                    Assert.Empty(Actions); // not due yet
                    Fsm.Tick(Now);
                    break;
                case PppEvent.RCRPlus:
                    Fsm.Receive(GoodRequest, Now);
                    break;
                case PppEvent.RCRMinus:
                    Fsm.Receive(BadRequest, Now);
                    break;
                case PppEvent.RCA or PppEvent.RCN when state is PppState.AckRcvd or PppState.Opened:
                    // Our request was already answered, so a matching reply can only be a stale
                    // duplicate, which is discarded (RFC 1661 §5.2); raise the event directly.
                    Fsm.Receive(Reply(ev == PppEvent.RCA ? PppCode.ConfigureAck : PppCode.ConfigureNak, 0x42), Now);
                    Assert.Empty(Actions);
                    Fsm.Inject(ev);
                    break;
                case PppEvent.RCA:
                    Fsm.Receive(Reply(PppCode.ConfigureAck, 0x42), Now);
                    break;
                case PppEvent.RCN:
                    Fsm.Receive(Reply(PppCode.ConfigureNak, 0x43), Now);
                    break;
                case PppEvent.RTR:
                    Fsm.Receive([0x05, 0x60, 0x00, 0x04], Now);
                    break;
                case PppEvent.RTA:
                    Fsm.Receive([0x06, 0x61, 0x00, 0x04], Now);
                    break;
                case PppEvent.RUC:
                    Fsm.Receive([0x20, 0x62, 0x00, 0x05, 0xAA], Now);
                    break;
                case PppEvent.RXJPlus:
                    Fsm.Receive(CodeReject(0x20), Now);
                    break;
                case PppEvent.RXJMinus:
                    Fsm.Receive(CodeReject(0x01), Now);
                    break;
                case PppEvent.RXR:
                    Fsm.Receive([0x09, 0x63, 0x00, 0x08, 0, 0, 0, 0], Now);
                    break;
            }
        }

        private byte[] Reply(PppCode code, byte value) => [(byte)code, Fsm.RequestIdentifier, 0x00, 0x07, 0x01, 0x03, value];

        private static byte[] CodeReject(byte rejectedCode) => [0x07, 0x64, 0x00, 0x08, rejectedCode, 0x01, 0x00, 0x04];
    }
}
