using System.Buffers.Binary;

namespace SstpFarm.Telemetry.Tests.Otlp;

/// <summary>One field of a protobuf message: a varint/fixed scalar or a length-delimited payload.</summary>
public readonly record struct ProtoField(int Number, int WireType, ulong Scalar, ReadOnlyMemory<byte> Payload);

/// <summary>
/// A minimal protobuf wire-format reader (protobuf encoding spec: varint, 64-bit, length-delimited,
/// 32-bit). Enough for the OTLP messages the tests decode; unknown fields are kept and ignored.
/// </summary>
public static class ProtoReader
{
    public static List<ProtoField> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoField>();
        ReadOnlySpan<byte> span = message.Span;
        int offset = 0;
        while (offset < span.Length)
        {
            ulong key = ReadVarint(span, ref offset);
            int number = (int)(key >> 3);
            int wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    fields.Add(new ProtoField(number, wireType, ReadVarint(span, ref offset), default));
                    break;
                case 1:
                    fields.Add(new ProtoField(number, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span[offset..]), default));
                    offset += 8;
                    break;
                case 2:
                    int length = checked((int)ReadVarint(span, ref offset));
                    fields.Add(new ProtoField(number, wireType, 0, message.Slice(offset, length)));
                    offset += length;
                    break;
                case 5:
                    fields.Add(new ProtoField(number, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]), default));
                    offset += 4;
                    break;
                default:
                    throw new FormatException($"unsupported wire type {wireType} (field {number})");
            }
        }

        return fields;
    }

    public static IEnumerable<ReadOnlyMemory<byte>> Messages(this List<ProtoField> fields, int number) =>
        fields.Where(f => f.Number == number && f.WireType == 2).Select(f => f.Payload);

    public static ReadOnlyMemory<byte>? Message(this List<ProtoField> fields, int number) =>
        fields.Where(f => f.Number == number && f.WireType == 2).Select(f => (ReadOnlyMemory<byte>?)f.Payload).FirstOrDefault();

    public static string? String(this List<ProtoField> fields, int number) =>
        fields.Message(number) is { } payload ? System.Text.Encoding.UTF8.GetString(payload.Span) : null;

    public static string Hex(this List<ProtoField> fields, int number) =>
        fields.Message(number) is { } payload ? Convert.ToHexStringLower(payload.Span) : string.Empty;

    public static ulong? Scalar(this List<ProtoField> fields, int number) =>
        fields.Where(f => f.Number == number && f.WireType != 2).Select(f => (ulong?)f.Scalar).FirstOrDefault();

    /// <summary>A repeated fixed64 field, packed (proto3 default) or not.</summary>
    public static List<ulong> PackedFixed64(this List<ProtoField> fields, int number)
    {
        var values = new List<ulong>();
        foreach (ProtoField field in fields.Where(f => f.Number == number))
        {
            if (field.WireType == 1)
            {
                values.Add(field.Scalar);
                continue;
            }

            for (int i = 0; i + 8 <= field.Payload.Length; i += 8)
            {
                values.Add(BinaryPrimitives.ReadUInt64LittleEndian(field.Payload.Span[i..]));
            }
        }

        return values;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int offset)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = span[offset++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("varint longer than 10 bytes");
    }
}
