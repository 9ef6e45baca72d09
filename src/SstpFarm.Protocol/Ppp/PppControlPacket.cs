using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Ppp;

/// <summary>One LCP/NCP packet: Code, Identifier and the Data inside the declared Length.</summary>
public readonly ref struct PppControlPacket
{
    public const int HeaderLength = 4;

    public PppControlPacket(byte code, byte identifier, ReadOnlySpan<byte> data)
    {
        Code = code;
        Identifier = identifier;
        Data = data;
    }

    public byte Code { get; }

    public byte Identifier { get; }

    /// <summary>The bytes after the header up to Length (padding excluded).</summary>
    public ReadOnlySpan<byte> Data { get; }

    public int Length => HeaderLength + Data.Length;

    // RFC 1661 §5:
    //
    //    0                   1                   2                   3
    //   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //   |     Code      |  Identifier   |            Length             |
    //   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    //   |    Data ...
    //   Length counts the whole packet; octets beyond it are padding and are ignored.

    /// <summary>
    /// Parses the Information field of a control-protocol frame. The frame is complete, so a
    /// short header or a Length past its end is InvalidData (RFC 1661 §5: silently discard).
    /// </summary>
    public static OperationStatus TryParse(ReadOnlySpan<byte> information, out PppControlPacket packet) // RFC 1661 §5
    {
        packet = default;
        if (information.Length < HeaderLength)
        {
            return OperationStatus.InvalidData;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(information[2..]);
        if (length < HeaderLength || length > information.Length)
        {
            return OperationStatus.InvalidData;
        }

        packet = new PppControlPacket(information[0], information[1], information[HeaderLength..length]);
        return OperationStatus.Done;
    }

    /// <summary>Writes Code, Identifier and Length (= 4 + <paramref name="dataLength"/>); returns 4.</summary>
    public static int WriteHeader(Span<byte> destination, byte code, byte identifier, int dataLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataLength, ushort.MaxValue - HeaderLength);
        destination[0] = code;
        destination[1] = identifier;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(HeaderLength + dataLength));
        return HeaderLength;
    }

    /// <summary>Writes a whole packet (header + copy of the data); returns its length.</summary>
    public static int Write(Span<byte> destination, byte code, byte identifier, ReadOnlySpan<byte> data)
    {
        int written = WriteHeader(destination, code, identifier, data.Length);
        data.CopyTo(destination[written..]);
        return written + data.Length;
    }
}
