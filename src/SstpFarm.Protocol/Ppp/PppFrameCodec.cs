using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Ppp;

/// <summary>
/// PPP frames as carried by SSTP: no flags, no escaping, no FCS (MS-SSTP §2.2.3, sstp.md §7).
/// </summary>
public static class PppFrameCodec
{
    /// <summary>Address (0xFF) of the RFC 1662 §3.1 header.</summary>
    public const byte AllStationsAddress = 0xFF;

    /// <summary>Control (0x03, Unnumbered Information) of the RFC 1662 §3.1 header.</summary>
    public const byte UnnumberedInformation = 0x03;

    /// <summary>What we always send: <c>FF 03</c> + 2-byte protocol (interop #23, #25).</summary>
    public const int HeaderLength = 4;

    // RFC 1661 §2, RFC 1662 §3.1 (without flags and FCS):
    //
    //   +----------+----------+-------------+-----------------+-----------+
    //   | Address  | Control  |  Protocol   |   Information   |  Padding  |
    //   |   0xFF   |   0x03   | 1 or 2 byte |       ...       |    ...    |
    //   +----------+----------+-------------+-----------------+-----------+
    //   Address and Control are absent with ACFC; Protocol is 1 byte with PFC (its first byte is odd).

    /// <summary>
    /// Decodes one complete frame. Never returns NeedMoreData: SSTP delimits frames, so a short
    /// frame is InvalidData. Accepts ACFC and PFC forms whether or not they were negotiated.
    /// </summary>
    public static OperationStatus TryDecode(ReadOnlySpan<byte> frame, out PppFrame decoded) // RFC 1661 §2, RFC 1662 §3.1
    {
        decoded = default;
        int offset = 0;
        if (frame.Length >= 1 && frame[0] == AllStationsAddress)
        {
            // 0xFF cannot start a protocol field (0x00FF is reserved), so it must be the address.
            if (frame.Length < 2 || frame[1] != UnnumberedInformation)
            {
                return OperationStatus.InvalidData;
            }

            offset = 2;
        }

        if (frame.Length <= offset)
        {
            return OperationStatus.InvalidData;
        }

        ushort protocol;
        if ((frame[offset] & 1) == 1)
        {
            protocol = frame[offset];
            offset += 1;
        }
        else
        {
            if (frame.Length < offset + 2 || (frame[offset + 1] & 1) == 0)
            {
                return OperationStatus.InvalidData;
            }

            protocol = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
            offset += 2;
        }

        decoded = new PppFrame(protocol, frame[offset..], offset);
        return OperationStatus.Done;
    }

    /// <summary>Writes <c>FF 03</c> + the 2-byte protocol into <paramref name="destination"/>; returns 4.</summary>
    public static int WriteHeader(Span<byte> destination, ushort protocol)
    {
        if (destination.Length < HeaderLength)
        {
            throw new ArgumentException("Destination is shorter than the PPP header.", nameof(destination));
        }

        destination[0] = AllStationsAddress;
        destination[1] = UnnumberedInformation;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], protocol);
        return HeaderLength;
    }

    /// <summary>
    /// Frames a payload in place: the Information field already sits at
    /// <paramref name="payloadStart"/> and the caller reserved at least 4 bytes of headroom
    /// before it. Returns the offset where the frame now starts.
    /// </summary>
    public static int PrependHeader(Span<byte> buffer, int payloadStart, ushort protocol)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadStart, HeaderLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadStart, buffer.Length);
        int start = payloadStart - HeaderLength;
        WriteHeader(buffer[start..], protocol);
        return start;
    }

    /// <summary>Writes a whole frame (header + copy of the information); returns its length.</summary>
    public static int Encode(Span<byte> destination, ushort protocol, ReadOnlySpan<byte> information)
    {
        int written = WriteHeader(destination, protocol);
        information.CopyTo(destination[written..]);
        return written + information.Length;
    }
}
