using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Sstp;

/// <summary>
/// The 4-byte header in front of every SSTP packet. <see cref="PacketLength"/> counts the whole
/// packet, header included. Reading masks the reserved bits; writing always zeroes them.
/// </summary>
public readonly struct SstpPacketHeader : IEquatable<SstpPacketHeader>
{
    public SstpPacketHeader(bool isControl, int packetLength)
    {
        CheckLength(packetLength);
        IsControl = isControl;
        PacketLength = packetLength;
    }

    /// <summary>C bit: control packet when set, data packet (one PPP frame) when clear.</summary>
    public bool IsControl { get; }

    /// <summary>Length of the whole packet including this header, 4..4095.</summary>
    public int PacketLength { get; }

    public int PayloadLength => PacketLength - SstpConstants.HeaderLength;

    //  byte 0        byte 1            byte 2                 byte 3
    // +-------------+-----------------+----------------------+---------------+
    // | Version     | Reserved(7) | C | R(4) | Length (12 bits, whole packet) |
    // +-------------+-----------------+----------------------+---------------+

    /// <summary>
    /// Reads a packet header from the start of <paramref name="source"/>. NeedMoreData below 4 bytes;
    /// InvalidData on a version other than 0x10 or a length below 4 — a delineation failure
    /// after which the connection must be closed without sending anything (MS-SSTP §3.1.5.1).
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> source, out SstpPacketHeader header)
    {
        // MS-SSTP §2.2.1
        header = default;
        if (source.Length < SstpConstants.HeaderLength)
        {
            return OperationStatus.NeedMoreData;
        }

        if (source[0] != SstpConstants.Version)
        {
            return OperationStatus.InvalidData;
        }

        // Reserved bits of byte 1 and the R nibble of byte 2 are ignored on receive.
        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]) & SstpConstants.LengthMask;
        if (length < SstpConstants.MinPacketLength)
        {
            return OperationStatus.InvalidData;
        }

        header = new SstpPacketHeader((source[1] & SstpConstants.ControlBit) != 0, length);
        return OperationStatus.Done;
    }

    /// <summary>Reads a header that may be split across segments of a pipe buffer (MS-SSTP §2.2.1).</summary>
    public static OperationStatus TryRead(in ReadOnlySequence<byte> source, out SstpPacketHeader header)
    {
        if (source.FirstSpan.Length >= SstpConstants.HeaderLength)
        {
            return TryRead(source.FirstSpan, out header);
        }

        if (source.Length < SstpConstants.HeaderLength)
        {
            header = default;
            return OperationStatus.NeedMoreData;
        }

        Span<byte> copy = stackalloc byte[SstpConstants.HeaderLength];
        source.Slice(0, SstpConstants.HeaderLength).CopyTo(copy);
        return TryRead(copy, out header);
    }

    /// <summary>
    /// Done only when a whole packet is in <paramref name="source"/>: <paramref name="packet"/> is then
    /// exactly <see cref="PacketLength"/> bytes (header included) and the caller consumes that many.
    /// NeedMoreData while the header or the body is incomplete (the header, if read, is still
    /// returned so a reader knows how much to wait for); InvalidData on a delineation failure.
    /// </summary>
    public static OperationStatus TryReadPacket(ReadOnlySpan<byte> source, out SstpPacketHeader header, out ReadOnlySpan<byte> packet)
    {
        // MS-SSTP §2.2.1
        packet = default;
        OperationStatus status = TryRead(source, out header);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        if (source.Length < header.PacketLength)
        {
            return OperationStatus.NeedMoreData;
        }

        packet = source[..header.PacketLength];
        return OperationStatus.Done;
    }

    /// <summary>Writes this header into the first 4 bytes of <paramref name="destination"/>; returns 4.</summary>
    public int WriteTo(Span<byte> destination)
    {
        Write(destination, IsControl, PacketLength);
        return SstpConstants.HeaderLength;
    }

    /// <summary>Writes a control packet header for a packet of <paramref name="packetLength"/> bytes; returns 4.</summary>
    public static int WriteControlHeader(Span<byte> destination, int packetLength)
    {
        CheckLength(packetLength);
        Write(destination, isControl: true, packetLength);
        return SstpConstants.HeaderLength;
    }

    internal static void Write(Span<byte> destination, bool isControl, int packetLength)
    {
        // Reserved and R bits are sent as zero: some clients read bytes 2-3 as a plain 16-bit length.
        destination[3] = (byte)packetLength;
        destination[2] = (byte)(packetLength >> 8);
        destination[1] = isControl ? SstpConstants.ControlBit : (byte)0;
        destination[0] = SstpConstants.Version;
    }

    internal static void CheckLength(int packetLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetLength, SstpConstants.MinPacketLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetLength, SstpConstants.MaxPacketLength);
    }

    public bool Equals(SstpPacketHeader other) => IsControl == other.IsControl && PacketLength == other.PacketLength;

    public override bool Equals(object? obj) => obj is SstpPacketHeader other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(IsControl, PacketLength);

    public static bool operator ==(SstpPacketHeader left, SstpPacketHeader right) => left.Equals(right);

    public static bool operator !=(SstpPacketHeader left, SstpPacketHeader right) => !left.Equals(right);

    public override string ToString() => $"SSTP {(IsControl ? "control" : "data")} packet, {PacketLength} bytes";
}
