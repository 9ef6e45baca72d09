using SstpFarm.Protocol.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>Deterministic "random" bytes: repeats the given sequence, then counts upward from it.</summary>
internal sealed class SequenceRandom : IRandomSource
{
    private readonly Queue<byte> _queued;
    private byte _counter = 0x41;

    /// <summary>No fixed prefix; counts from <paramref name="start"/>.</summary>
    public static SequenceRandom Counting(byte start) => new() { _counter = start };

    public SequenceRandom(params byte[] first)
    {
        _queued = new Queue<byte>(first);
    }

    public void Fill(Span<byte> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = _queued.Count > 0 ? _queued.Dequeue() : _counter++;
        }
    }
}
