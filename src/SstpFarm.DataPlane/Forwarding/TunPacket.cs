using System.Buffers;

namespace SstpFarm.DataPlane.Forwarding;

/// <summary>
/// One IP packet read from the TUN device, in a pooled buffer that keeps
/// <see cref="Headroom"/> free bytes in front of the packet so the session can write the SSTP and
/// PPP headers in place and send header + packet as one span. Ownership moves with the value:
/// whoever holds it last calls <see cref="Return"/> exactly once.
/// </summary>
public readonly struct TunPacket
{
    /// <summary>SSTP data-packet header (4 bytes, MS-SSTP §2.2.1) + PPP address, control and
    /// protocol fields (FF 03 00 21, 4 bytes, RFC 1662 §3.1).</summary>
    public const int Headroom = 8;

    /// <summary>Buffer size: SSTP's 12-bit length caps a whole SSTP packet at 4095 bytes.</summary>
    public const int BufferSize = 4096;

    /// <summary>Largest IP packet a buffer holds.</summary>
    public const int MaxPacketLength = BufferSize - Headroom;

    internal TunPacket(byte[] buffer, int length)
    {
        Buffer = buffer;
        Length = length;
    }

    /// <summary>The whole pooled buffer; the packet starts at <see cref="Headroom"/>.</summary>
    public byte[] Buffer { get; }

    /// <summary>Length of the IP packet.</summary>
    public int Length { get; }

    /// <summary>The IP packet.</summary>
    public Span<byte> Packet => Buffer.AsSpan(Headroom, Length);

    /// <summary>The packet with <paramref name="headerLength"/> (≤ <see cref="Headroom"/>) bytes in
    /// front of it for the caller's headers.</summary>
    public Span<byte> WithHeader(int headerLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(headerLength, Headroom);
        ArgumentOutOfRangeException.ThrowIfNegative(headerLength);
        return Buffer.AsSpan(Headroom - headerLength, headerLength + Length);
    }

    /// <summary>Gives the buffer back to the pool.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);

    internal static byte[] RentBuffer() => ArrayPool<byte>.Shared.Rent(BufferSize);

    internal static void ReturnBuffer(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
