using System.Buffers;

namespace SstpFarm.Protocol.Auth.Eap;

/// <summary>A parsed EAP packet (RFC 3748 §4). Spans point into the parsed buffer.</summary>
public readonly ref struct EapPacket
{
    public EapPacket(EapCode code, byte identifier, EapType type, ReadOnlySpan<byte> typeData)
    {
        Code = code;
        Identifier = identifier;
        Type = type;
        TypeData = typeData;
    }

    public EapCode Code { get; }

    public byte Identifier { get; }

    /// <summary>Request and Response only.</summary>
    public EapType Type { get; }

    public ReadOnlySpan<byte> TypeData { get; }

    // RFC 3748 §4:
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Code      |  Identifier   |            Length             |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |     Type      |  Type-Data ...          (Request / Response only)
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // RFC 3748 §4.2: Success and Failure are 4 bytes; §4.1: a Request/Response carries a Type.
    public static OperationStatus TryParse(ReadOnlySpan<byte> packet, out EapPacket result) // RFC 3748 §4
    {
        result = default;
        OperationStatus status = AuthPacket.TryReadHeader(packet, out byte code, out byte identifier, out ReadOnlySpan<byte> data);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        switch ((EapCode)code)
        {
            case EapCode.Request or EapCode.Response when !data.IsEmpty:
                result = new EapPacket((EapCode)code, identifier, (EapType)data[0], data[1..]);
                return OperationStatus.Done;
            case EapCode.Success or EapCode.Failure when data.IsEmpty:
                result = new EapPacket((EapCode)code, identifier, default, default);
                return OperationStatus.Done;
            default:
                return OperationStatus.InvalidData;
        }
    }

    /// <summary>Writes a Request or Response; returns the packet length.</summary>
    public static int WriteRequestOrResponse(Span<byte> destination, EapCode code, byte identifier, EapType type, ReadOnlySpan<byte> typeData)
    {
        if (code is not (EapCode.Request or EapCode.Response))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Only Request and Response carry a Type.");
        }

        int length = AuthPacket.HeaderSize + 1 + typeData.Length;
        int offset = AuthPacket.WriteHeader(destination, (byte)code, identifier, length);
        destination[offset] = (byte)type;
        typeData.CopyTo(destination[(offset + 1)..]);
        return length;
    }

    /// <summary>Writes a 4-byte Success or Failure; returns 4.</summary>
    public static int WriteResult(Span<byte> destination, EapCode code, byte identifier)
    {
        if (code is not (EapCode.Success or EapCode.Failure))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Only Success and Failure are bare headers.");
        }

        return AuthPacket.WriteHeader(destination, (byte)code, identifier, AuthPacket.HeaderSize);
    }
}
