using System.Buffers;
using System.Threading.Channels;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Sstp;

namespace SstpFarm.Client.Session;

/// <summary>
/// The session's only writer: drains one queue of SSTP packets and coalesces whatever is waiting
/// into one TLS write of up to <see cref="BatchBytes"/> (design.md §5: 1400-byte writes cap SslStream
/// near 2 Gbit/s, 16 KiB writes reach ~8). Data packets hold a send slot until written.
/// </summary>
internal sealed class SstpWriteLoop
{
    /// <summary>Bytes gathered before a write; one packet more may overshoot it.</summary>
    public const int BatchBytes = 16 * 1024;

    private readonly Stream _stream;
    private readonly SemaphoreSlim _dataSlots;
    private readonly Channel<OutgoingPacket> _queue = Channel.CreateUnbounded<OutgoingPacket>(new UnboundedChannelOptions { SingleReader = true });

    public SstpWriteLoop(Stream stream, SemaphoreSlim dataSlots)
    {
        _stream = stream;
        _dataSlots = dataSlots;
    }

    public long PacketsWritten { get; private set; }

    public long BytesWritten { get; private set; }

    /// <summary>A complete SSTP control packet.</summary>
    public void EnqueueControlPacket(ReadOnlySpan<byte> packet)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(buffer);
        Enqueue(new OutgoingPacket(buffer, packet.Length, IsData: false));
    }

    /// <summary>
    /// A PPP frame (FF 03 + protocol + information) in an SSTP data packet. Data frames (IP) must
    /// already hold a send slot; control frames (LCP, auth, NCPs) do not use slots.
    /// </summary>
    public void EnqueueFrame(ushort protocol, ReadOnlySpan<byte> information, bool isData)
    {
        int length = SstpDataPacket.Headroom + PppFrameCodec.HeaderLength + information.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        PppFrameCodec.Encode(buffer.AsSpan(SstpDataPacket.Headroom), protocol, information);
        if (SstpDataPacket.WriteHeaderInPlace(buffer, length - SstpDataPacket.Headroom) == 0)
        {
            Release(new OutgoingPacket(buffer, 0, isData));
            return;
        }

        Enqueue(new OutgoingPacket(buffer, length, isData));
    }

    /// <summary>No more packets: the loop writes what is queued, then closes the stream.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Runs until <see cref="Complete"/> and the queue is drained, or the stream fails (the exception is thrown).</summary>
    public async Task RunAsync()
    {
        byte[] batch = new byte[BatchBytes + SstpConstants.MaxPacketLength];
        ChannelReader<OutgoingPacket> reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                int filled = 0;
                int packets = 0;
                while (filled < BatchBytes && reader.TryRead(out OutgoingPacket packet))
                {
                    packet.Buffer.AsSpan(0, packet.Length).CopyTo(batch.AsSpan(filled));
                    filled += packet.Length;
                    packets++;
                    Release(packet);
                }

                await _stream.WriteAsync(batch.AsMemory(0, filled)).ConfigureAwait(false);
                PacketsWritten += packets;
                BytesWritten += filled;
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (reader.TryRead(out OutgoingPacket left))
            {
                Release(left);
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Enqueue(OutgoingPacket packet)
    {
        if (!_queue.Writer.TryWrite(packet))
        {
            Release(packet); // closing: nothing more goes out
        }
    }

    private void Release(OutgoingPacket packet)
    {
        ArrayPool<byte>.Shared.Return(packet.Buffer);
        if (packet.IsData)
        {
            _dataSlots.Release();
        }
    }
}
