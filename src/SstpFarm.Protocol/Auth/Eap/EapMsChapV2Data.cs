using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Auth.Eap;

/// <summary>
/// The Type-Data of EAP type 26, EAP-MSCHAPv2 ([MS-CHAP] §2.2, ppp.md §10). Challenge and
/// Response data is the CHAP body (Value-Size, Value, Name); Success/Failure Requests carry the
/// RFC 2759 message; Success/Failure Responses are the OpCode alone.
/// </summary>
public readonly ref struct EapMsChapV2Data
{
    private const int HeaderSize = 4;

    public EapMsChapV2Data(EapMsChapV2OpCode opCode, byte msChapV2Id, ReadOnlySpan<byte> data)
    {
        OpCode = opCode;
        MsChapV2Id = msChapV2Id;
        Data = data;
    }

    public EapMsChapV2OpCode OpCode { get; }

    public byte MsChapV2Id { get; }

    /// <summary>What follows MS-Length; empty for an OpCode-only Response.</summary>
    public ReadOnlySpan<byte> Data { get; }

    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |    OpCode     |  MS-CHAPv2-ID |           MS-Length           |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |  Data ...     MS-Length counts from OpCode (= EAP Length - 5)
    // A Success or Failure Response is the OpCode byte alone.
    public static OperationStatus TryParse(ReadOnlySpan<byte> typeData, out EapMsChapV2Data result) // [MS-CHAP] §2.2
    {
        result = default;
        if (typeData.IsEmpty)
        {
            return OperationStatus.InvalidData;
        }

        var opCode = (EapMsChapV2OpCode)typeData[0];
        if (typeData.Length == 1)
        {
            if (opCode is not (EapMsChapV2OpCode.Success or EapMsChapV2OpCode.Failure))
            {
                return OperationStatus.InvalidData;
            }

            result = new EapMsChapV2Data(opCode, 0, default);
            return OperationStatus.Done;
        }

        if (typeData.Length < HeaderSize)
        {
            return OperationStatus.InvalidData;
        }

        int msLength = BinaryPrimitives.ReadUInt16BigEndian(typeData[2..]);
        if (msLength < HeaderSize || msLength > typeData.Length)
        {
            return OperationStatus.InvalidData;
        }

        result = new EapMsChapV2Data(opCode, typeData[1], typeData[HeaderSize..msLength]);
        return OperationStatus.Done;
    }

    /// <summary>Writes an EAP packet of type 26 whose data is Value-Size ‖ Value ‖ Name (Challenge, Response).</summary>
    public static int WriteChallengeOrResponse(
        Span<byte> destination, EapCode code, byte identifier, EapMsChapV2OpCode opCode, byte msChapV2Id, ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        Span<byte> data = destination[(AuthPacket.HeaderSize + 1 + HeaderSize)..];
        int dataLength = AuthPacket.WriteLengthPrefixed(data, value);
        name.CopyTo(data[dataLength..]);
        return Finish(destination, code, identifier, opCode, msChapV2Id, dataLength + name.Length);
    }

    /// <summary>Writes an EAP packet of type 26 whose data is a message (Success-Request, Failure-Request).</summary>
    public static int WriteMessage(Span<byte> destination, byte identifier, EapMsChapV2OpCode opCode, byte msChapV2Id, ReadOnlySpan<byte> message)
    {
        message.CopyTo(destination[(AuthPacket.HeaderSize + 1 + HeaderSize)..]);
        return Finish(destination, EapCode.Request, identifier, opCode, msChapV2Id, message.Length);
    }

    /// <summary>Writes the OpCode-only Success or Failure Response (EAP Length 6).</summary>
    public static int WriteOpCodeOnly(Span<byte> destination, byte identifier, EapMsChapV2OpCode opCode)
    {
        ReadOnlySpan<byte> typeData = [(byte)opCode];
        return EapPacket.WriteRequestOrResponse(destination, EapCode.Response, identifier, EapType.MsChapV2, typeData);
    }

    private static int Finish(Span<byte> destination, EapCode code, byte identifier, EapMsChapV2OpCode opCode, byte msChapV2Id, int dataLength)
    {
        int msLength = HeaderSize + dataLength;
        int length = AuthPacket.HeaderSize + 1 + msLength;
        AuthPacket.WriteHeader(destination, (byte)code, identifier, length);
        destination[AuthPacket.HeaderSize] = (byte)EapType.MsChapV2;
        Span<byte> typeData = destination[(AuthPacket.HeaderSize + 1)..];
        typeData[0] = (byte)opCode;
        typeData[1] = msChapV2Id;
        BinaryPrimitives.WriteUInt16BigEndian(typeData[2..], (ushort)msLength);
        return length;
    }
}
