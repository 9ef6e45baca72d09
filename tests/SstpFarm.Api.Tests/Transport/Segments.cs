using System.Buffers;

namespace SstpFarm.Api.Tests.Transport;

/// <summary>Builds multi-segment sequences, as a pipe hands them out.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        int[] bounds = [0, .. cuts.Where(c => c > 0 && c < data.Length).Distinct().Order(), data.Length];
        Segment? first = null, last = null;
        for (int i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = new ReadOnlyMemory<byte>(data, bounds[i], bounds[i + 1] - bounds[i]);
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
