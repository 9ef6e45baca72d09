using System.Buffers;

namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>
/// A parsed CHAP packet (RFC 1994 §4). Challenge and Response fill <see cref="Value"/> and
/// <see cref="Name"/>; Success and Failure fill <see cref="Message"/>. Spans point into the parsed buffer.
/// </summary>
public readonly ref struct ChapPacket
{
    public ChapPacket(ChapCode code, byte identifier, ReadOnlySpan<byte> value, ReadOnlySpan<byte> name, ReadOnlySpan<byte> message)
    {
        Code = code;
        Identifier = identifier;
        Value = value;
        Name = name;
        Message = message;
    }

    public ChapCode Code { get; }

    public byte Identifier { get; }

    public ReadOnlySpan<byte> Value { get; }

    public ReadOnlySpan<byte> Name { get; }

    public ReadOnlySpan<byte> Message { get; }

    // RFC 1994 §4.1 Challenge / Response:
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Code      |  Identifier   |            Length             |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |  Value-Size   |  Value ...
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |  Name ...                 (the rest of Length)
    // RFC 1994 §4.2 Success / Failure:
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Code      |  Identifier   |            Length             |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |  Message  ...
    public static OperationStatus TryParse(ReadOnlySpan<byte> packet, out ChapPacket result) // RFC 1994 §4
    {
        result = default;
        OperationStatus status = AuthPacket.TryReadHeader(packet, out byte code, out byte identifier, out ReadOnlySpan<byte> data);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        switch ((ChapCode)code)
        {
            case ChapCode.Challenge or ChapCode.Response:
                // RFC 1994 §4.1: "The Value-Size field is one octet" and the Value "is one or more octets".
                if (!AuthPacket.TryReadLengthPrefixed(data, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> name) || value.IsEmpty)
                {
                    return OperationStatus.InvalidData;
                }

                result = new ChapPacket((ChapCode)code, identifier, value, name, default);
                return OperationStatus.Done;

            case ChapCode.Success or ChapCode.Failure:
                result = new ChapPacket((ChapCode)code, identifier, default, default, data);
                return OperationStatus.Done;

            default:
                return OperationStatus.InvalidData;
        }
    }

    /// <summary>Writes a Challenge or Response; returns the packet length.</summary>
    public static int WriteChallengeOrResponse(Span<byte> destination, ChapCode code, byte identifier, ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        if (code is not (ChapCode.Challenge or ChapCode.Response) || value.IsEmpty)
        {
            throw new ArgumentException("Challenge and Response carry a non-empty value.", nameof(code));
        }

        int length = AuthPacket.HeaderSize + 1 + value.Length + name.Length;
        int offset = AuthPacket.WriteHeader(destination, (byte)code, identifier, length);
        offset += AuthPacket.WriteLengthPrefixed(destination[offset..], value);
        name.CopyTo(destination[offset..]);
        return offset + name.Length;
    }

    /// <summary>Writes a Success or Failure; returns the packet length.</summary>
    public static int WriteMessage(Span<byte> destination, ChapCode code, byte identifier, ReadOnlySpan<byte> message)
    {
        if (code is not (ChapCode.Success or ChapCode.Failure))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Only Success and Failure carry a message.");
        }

        int length = AuthPacket.HeaderSize + message.Length;
        int offset = AuthPacket.WriteHeader(destination, (byte)code, identifier, length);
        message.CopyTo(destination[offset..]);
        return length;
    }
}
