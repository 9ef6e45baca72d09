using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// The Code / Identifier / Length header that PAP (RFC 1334 §2.2), CHAP (RFC 1994 §4) and EAP
/// (RFC 3748 §4) share with LCP (RFC 1661 §5).
/// </summary>
internal static class AuthPacket
{
    public const int HeaderSize = 4;

    /// <summary>Largest packet the 16-bit Length field can describe.</summary>
    public const int MaxLength = ushort.MaxValue;

    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Code      |  Identifier   |            Length             |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |    Data ...
    // RFC 1661 §5: octets beyond Length are padding and are ignored.
    public static OperationStatus TryReadHeader(ReadOnlySpan<byte> packet, out byte code, out byte identifier, out ReadOnlySpan<byte> data)
    {
        code = 0;
        identifier = 0;
        data = default;
        if (packet.Length < HeaderSize)
        {
            return OperationStatus.NeedMoreData;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (length < HeaderSize)
        {
            return OperationStatus.InvalidData;
        }

        if (packet.Length < length)
        {
            return OperationStatus.NeedMoreData;
        }

        code = packet[0];
        identifier = packet[1];
        data = packet[HeaderSize..length];
        return OperationStatus.Done;
    }

    /// <summary>Writes the header for a packet of <paramref name="length"/> bytes and returns the header size.</summary>
    public static int WriteHeader(Span<byte> destination, byte code, byte identifier, int length)
    {
        if (length is < HeaderSize or > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "Packet length must fit the 16-bit Length field.");
        }

        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the packet needs {length}.", nameof(destination));
        }

        destination[0] = code;
        destination[1] = identifier;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        return HeaderSize;
    }

    /// <summary>Reads a one-byte length prefix and its field, or fails if the field runs past the data.</summary>
    public static bool TryReadLengthPrefixed(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> field, out ReadOnlySpan<byte> rest)
    {
        field = default;
        rest = default;
        if (data.IsEmpty || data[0] > data.Length - 1)
        {
            return false;
        }

        field = data.Slice(1, data[0]);
        rest = data[(1 + data[0])..];
        return true;
    }

    /// <summary>Writes a one-byte length prefix and its field, returning the bytes written.</summary>
    public static int WriteLengthPrefixed(Span<byte> destination, ReadOnlySpan<byte> field)
    {
        if (field.Length > byte.MaxValue)
        {
            throw new ArgumentException("A length-prefixed field holds at most 255 bytes.", nameof(field));
        }

        destination[0] = (byte)field.Length;
        field.CopyTo(destination[1..]);
        return 1 + field.Length;
    }
}
