using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>
/// Two control protocols wired back to back in memory: what one sends is queued for the other,
/// and <see cref="Pump"/> delivers until both are quiet.
/// </summary>
internal sealed class PppLoop
{
    private readonly Queue<(bool ToB, byte[] Packet)> _inFlight = new();

    public PppLoop()
    {
        AtoB = new Wire(this, toB: true);
        BtoA = new Wire(this, toB: false);
    }

    public Wire AtoB { get; }

    public Wire BtoA { get; }

    public PppAutomaton? A { get; set; }

    public PppAutomaton? B { get; set; }

    public List<(bool ToB, byte[] Packet)> Log { get; } = [];

    public Func<bool, byte[], bool>? Drop { get; set; }

    public void Pump(long nowMs, int limit = 200)
    {
        for (int i = 0; i < limit && _inFlight.Count > 0; i++)
        {
            (bool toB, byte[] packet) = _inFlight.Dequeue();
            (toB ? B : A)!.Receive(packet, nowMs);
        }

        Assert.Empty(_inFlight);
    }

    internal sealed class Wire : IPppOutput
    {
        private readonly PppLoop _loop;
        private readonly bool _toB;

        public Wire(PppLoop loop, bool toB)
        {
            _loop = loop;
            _toB = toB;
        }

        public void Send(ushort protocol, ReadOnlySpan<byte> packet)
        {
            byte[] copy = packet.ToArray();
            _loop.Log.Add((_toB, copy));
            if (_loop.Drop?.Invoke(_toB, copy) != true)
            {
                _loop._inFlight.Enqueue((_toB, copy));
            }
        }
    }
}
