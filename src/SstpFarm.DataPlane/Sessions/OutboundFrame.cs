using System.Buffers;

namespace SstpFarm.DataPlane.Sessions;

/// <summary>
/// One SSTP packet waiting for the session's writer: a slice of a pooled buffer (a TUN packet with its
/// headers written in the headroom, or a control packet). The writer returns the buffer after sending.
/// </summary>
internal readonly struct OutboundFrame
{
    public OutboundFrame(byte[] buffer, int offset, int length, bool isData)
    {
        Buffer = buffer;
        Offset = offset;
        Length = length;
        IsData = isData;
    }

    public byte[] Buffer { get; }

    public int Offset { get; }

    public int Length { get; }

    /// <summary>Counts against the bounded data queue (TUN → client); control packets never do.</summary>
    public bool IsData { get; }

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(Offset, Length);

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Offset, Length);

    /// <summary>Both kinds come from <see cref="ArrayPool{T}.Shared"/> (TunPacket buffers included).</summary>
    public void ReturnBuffer() => ArrayPool<byte>.Shared.Return(Buffer);
}
