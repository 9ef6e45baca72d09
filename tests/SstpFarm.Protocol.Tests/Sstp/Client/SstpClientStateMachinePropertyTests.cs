using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp.Client;

public sealed class SstpClientStateMachinePropertyTests
{
    private static readonly byte[][] Packets =
    [
        ClientHarness.Ack(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256),
        ClientHarness.Ack(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1), ClientHarness.Nak, ClientHarness.EchoRequest,
        ClientHarness.EchoResponse, ClientHarness.CallAbort, ClientHarness.CallDisconnect, ClientHarness.CallDisconnectAck,
        ClientHarness.CallConnectRequest, Hex.Parse("10 01 00 08 00 0A 00 00"), Hex.Parse("10 01 00 08 00 02 00 00"),
    ];

    /// <summary>
    /// Any sequence of inputs — valid, mutated or out of order — never throws, closes the connection at
    /// most once, sends nothing after closing, and keeps the timer and gates consistent with the state.
    /// </summary>
    [Fact]
    public void RandomEventSequencesKeepTheInvariants()
    {
        Gen<(int Kind, int Arg, byte[] Packet)> step =
            from kind in Gen.Choose(0, 9)
            from arg in Gen.Choose(0, 70_000)
            from packet in Gen.Elements(Packets).SelectMany(p => Gen.Frequency((3, Gen.Constant(p)), (1, SstpGenerators.Mutations(p))))
            select (kind, arg, packet);

        Prop.ForAll(Arb.From(step.ListOf().Select(l => l.ToArray())), steps =>
        {
            var h = new ClientHarness();
            h.Machine.Start(0);
            long now = 0;
            int eventsAtClose = -1;
            foreach ((int kind, int arg, byte[] packet) in steps)
            {
                now += arg;
                switch (kind)
                {
                    case <= 4:
                        h.Receive(packet, now);
                        break;
                    case 5:
                        h.Machine.Tick(Math.Min(now, h.Machine.NextDeadlineMs));
                        break;
                    case 6:
                        h.Machine.OnAuthenticated(new byte[32], now);
                        break;
                    case 7:
                        h.Machine.OnDataPacketReceived(now);
                        break;
                    case 8:
                        if (arg % 2 == 0)
                        {
                            h.Machine.Disconnect(now);
                        }
                        else
                        {
                            h.Machine.Abort(now);
                        }

                        break;
                    default:
                        if (arg % 10 == 0)
                        {
                            h.Machine.OnTransportClosed(now);
                        }

                        break;
                }

                if (h.Machine.IsClosed && eventsAtClose < 0)
                {
                    eventsAtClose = h.Events.Count;
                }

                bool consistent = h.Machine.IsClosed
                    ? h.State == SstpClientState.Client_Call_Disconnected && h.Machine.NextDeadlineMs == long.MaxValue && h.Machine.CloseReason != SstpClientCloseReason.None
                    : h.Machine.NextDeadlineMs != long.MaxValue && h.State != SstpClientState.Client_Call_Disconnected;
                if (!consistent || (h.Machine.AllowsPppDataFrames && h.State != SstpClientState.Client_Call_Connected))
                {
                    return false;
                }
            }

            int closes = h.Events.Count(e => e.StartsWith("close ", StringComparison.Ordinal));
            return closes <= 1 && (eventsAtClose < 0 || h.Events.Count == eventsAtClose);
        }).QuickCheckThrowOnFailure();
    }
}
