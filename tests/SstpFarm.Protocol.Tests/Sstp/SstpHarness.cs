using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>
/// What <see cref="ServerHarness"/> and <see cref="Client.ClientHarness"/> share: the packets both ends
/// exchange, the record of what a machine sent and signalled, the walk into the teardown states and
/// the invariants any sequence of inputs must keep.
/// </summary>
internal abstract class SstpHarness
{
    public static readonly byte[] CallConnectRequest = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 01");
    public static readonly byte[] EchoRequest = Hex.Parse("10 01 00 08 00 08 00 00");
    public static readonly byte[] EchoResponse = Hex.Parse("10 01 00 08 00 09 00 00");
    public static readonly byte[] CallDisconnect = Hex.Parse("10 01 00 14 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00");
    public static readonly byte[] CallDisconnectAck = Hex.Parse("10 01 00 08 00 07 00 00");

    public List<byte[]> Sent { get; } = [];

    public List<string> Events { get; } = [];

    // The members both machines have, for the walk-ins and the shared property test.
    public abstract bool IsClosed { get; }

    public abstract long NextDeadlineMs { get; }

    public abstract bool AllowsPppDataFrames { get; }

    /// <summary>The state is Client_Call_Disconnected / Server_Call_Disconnected.</summary>
    public abstract bool IsCallDisconnected { get; }

    /// <summary>The state is Client_Call_Connected / Server_Call_Connected.</summary>
    public abstract bool IsCallConnected { get; }

    public abstract bool HasCloseReason { get; }

    /// <summary>The Call Abort this side's tests receive from the peer.</summary>
    protected abstract byte[] PeerCallAbort { get; }

    public abstract void Receive(byte[] packet, long nowMs);

    public abstract void Start(long nowMs);

    public abstract void Tick(long nowMs);

    public abstract void OnDataPacketReceived(long nowMs);

    public abstract void Disconnect(long nowMs);

    public abstract void Abort(long nowMs);

    public abstract void OnTransportClosed(long nowMs);

    /// <summary>PPP authentication finished; <paramref name="variant"/> picks the key where a side has a choice.</summary>
    public abstract void Authenticated(int variant, long nowMs);

    /// <summary>
    /// Any sequence of inputs — valid, mutated or out of order — never throws, closes the connection at
    /// most once, sends nothing after closing, and keeps the timer and gates consistent with the state.
    /// </summary>
    public static void CheckRandomEventSequences(Func<SstpHarness> create, byte[][] packets)
    {
        Gen<(int Kind, int Arg, byte[] Packet)> step =
            from kind in Gen.Choose(0, 9)
            from arg in Gen.Choose(0, 70_000)
            from packet in Gen.Elements(packets).SelectMany(p => Gen.Frequency((3, Gen.Constant(p)), (1, SstpGenerators.Mutations(p))))
            select (kind, arg, packet);

        Prop.ForAll(Arb.From(step.ListOf().Select(l => l.ToArray())), steps =>
        {
            SstpHarness h = create();
            h.Start(0);
            long now = 0;
            int eventsAtClose = -1;
            foreach ((int kind, int arg, byte[] packet) in steps)
            {
                now += arg;
                h.Apply(kind, arg, packet, now);
                if (h.IsClosed && eventsAtClose < 0)
                {
                    eventsAtClose = h.Events.Count;
                }

                bool consistent = h.IsClosed
                    ? h.IsCallDisconnected && h.NextDeadlineMs == long.MaxValue && h.HasCloseReason
                    : h.NextDeadlineMs != long.MaxValue && !h.IsCallDisconnected;
                if (!consistent || (h.AllowsPppDataFrames && !h.IsCallConnected))
                {
                    return false;
                }
            }

            int closes = h.Events.Count(e => e.StartsWith("close ", StringComparison.Ordinal));
            return closes <= 1 && (eventsAtClose < 0 || h.Events.Count == eventsAtClose);
        }).QuickCheckThrowOnFailure();
    }

    public void ClearOutput()
    {
        Sent.Clear();
        Events.Clear();
    }

    /// <summary>The message types sent so far, in order.</summary>
    public SstpMessageType[] SentTypes() => Sent.Select(p => (SstpMessageType)((p[4] << 8) | p[5])).ToArray();

    /// <summary>The single Status Info of the last packet sent (an Abort), as (AttribID, Status).</summary>
    public (SstpAttributeId, SstpAttributeStatus) LastStatus()
    {
        byte[] last = Sent[^1];
        Assert.Equal(20, last.Length);
        return ((SstpAttributeId)last[15], (SstpAttributeStatus)((last[16] << 24) | (last[17] << 16) | (last[18] << 8) | last[19]));
    }

    /// <summary>Reaches Client_Call_Connected / Server_Call_Connected at t = 0.</summary>
    protected abstract void WalkToCallConnected();

    /// <summary>From Call Connected at t = 0 into one of the waiting teardown states, by our or the peer's Abort / Disconnect.</summary>
    protected void WalkIntoTeardown(SstpTeardownState state)
    {
        WalkToCallConnected();
        switch (state)
        {
            case SstpTeardownState.Call_Abort_Pending:
                Abort(0);
                break;
            case SstpTeardownState.Call_Abort_Timeout_Pending:
                Receive(PeerCallAbort, 0);
                break;
            case SstpTeardownState.Call_Disconnect_Ack_Pending:
                Disconnect(0);
                break;
            case SstpTeardownState.Call_Disconnect_Timeout_Pending:
                Receive(CallDisconnect, 0);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
    }

    protected void RecordSend(ReadOnlySpan<byte> packet)
    {
        Sent.Add(packet.ToArray());
        Events.Add("send " + (SstpMessageType)((packet[4] << 8) | packet[5]));
    }

    private void Apply(int kind, int arg, byte[] packet, long now)
    {
        switch (kind)
        {
            case <= 4:
                Receive(packet, now);
                break;
            case 5:
                Tick(Math.Min(now, NextDeadlineMs));
                break;
            case 6:
                Authenticated(arg, now);
                break;
            case 7:
                OnDataPacketReceived(now);
                break;
            case 8 when arg % 2 == 0:
                Disconnect(now);
                break;
            case 8:
                Abort(now);
                break;
            default:
                if (arg % 10 == 0)
                {
                    OnTransportClosed(now);
                }

                break;
        }
    }
}
