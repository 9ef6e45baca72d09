using System.Buffers;

namespace SstpFarm.Protocol.Sstp;

/// <summary>
/// SSTP data packets (C = 0): one PPP frame, without HDLC flags, escaping or FCS (MS-SSTP §2.2.3).
/// Zero-allocation helpers for the data path; the frame is never copied.
/// </summary>
public static class SstpDataPacket
{
    /// <summary>Headroom a sender reserves in front of a PPP frame for <see cref="WriteHeaderInPlace"/>.</summary>
    public const int Headroom = SstpConstants.HeaderLength;

    /// <summary>
    /// Frames a PPP frame that already sits at <c>buffer[4..4+frameLength]</c> by writing the data
    /// packet header into <c>buffer[0..4]</c>. Returns the packet length (frameLength + 4), or 0 when the
    /// frame is empty or longer than 4091 bytes (the caller must not send it) or the buffer is too short.
    /// </summary>
    public static int WriteHeaderInPlace(Span<byte> buffer, int frameLength)
    {
        // MS-SSTP §2.2.1, §2.2.3
        int packetLength = frameLength + Headroom;
        if (frameLength <= 0 || frameLength > SstpConstants.MaxDataPayloadLength || buffer.Length < packetLength)
        {
            return 0;
        }

        SstpPacketHeader.Write(buffer, isControl: false, packetLength);
        return packetLength;
    }

    /// <summary>
    /// Splits a whole data packet (as returned by <see cref="SstpPacketHeader.TryReadPacket"/>) into its
    /// PPP frame. InvalidData if it is a control packet or carries no frame.
    /// </summary>
    public static OperationStatus TryGetPppFrame(ReadOnlySpan<byte> source, out ReadOnlySpan<byte> frame)
    {
        // MS-SSTP §2.2.3
        frame = default;
        OperationStatus status = SstpPacketHeader.TryReadPacket(source, out SstpPacketHeader header, out ReadOnlySpan<byte> packet);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        if (header.IsControl || header.PayloadLength == 0)
        {
            return OperationStatus.InvalidData;
        }

        frame = packet[SstpConstants.HeaderLength..];
        return OperationStatus.Done;
    }
}
