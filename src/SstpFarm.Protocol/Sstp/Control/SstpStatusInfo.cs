using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>
/// The content of a Status Info attribute (MS-SSTP §2.2.8): which attribute the status refers to,
/// the status, and for NAKs the offending value (at most 64 bytes are sent).
/// </summary>
public readonly struct SstpStatusInfo : IEquatable<SstpStatusInfo>
{
    /// <summary>Attribute header + Reserved1(3) + AttribID(1) + Status(4).</summary>
    public const int FixedLength = 12;

    /// <summary>The longest Status Info on the wire.</summary>
    public const int MaxLength = FixedLength + SstpConstants.MaxStatusInfoValueLength;

    public SstpStatusInfo(SstpAttributeId attribId, SstpAttributeStatus status, ReadOnlyMemory<byte> value = default)
    {
        AttribId = attribId;
        Status = status;
        Value = value;
    }

    public SstpAttributeId AttribId { get; }

    public SstpAttributeStatus Status { get; }

    /// <summary>AttribValue; truncated to 64 bytes when written.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Bytes this Status Info takes on the wire.</summary>
    public int EncodedLength => FixedLength + Math.Min(Value.Length, SstpConstants.MaxStatusInfoValueLength);

    // +----------+------------+------------------------+
    // | Reserved | ID = 0x02  | R(4) | Length = 12 + n |  attribute header
    // +----------+------------+------------------------+
    // | Reserved1 (3 bytes)   | AttribID               |
    // +-----------------------+------------------------+
    // | Status (uint32)                                |
    // +------------------------------------------------+
    // | AttribValue (n ≤ 64 bytes)                     |
    // +------------------------------------------------+

    /// <summary>
    /// Decodes a Status Info attribute. InvalidData if <paramref name="attribute"/> is not a Status
    /// Info or is shorter than 12 bytes; a value longer than 64 bytes is accepted as is.
    /// </summary>
    public static OperationStatus TryRead(SstpAttribute attribute, out SstpStatusInfo statusInfo)
    {
        // MS-SSTP §2.2.8
        statusInfo = default;
        ReadOnlySpan<byte> value = attribute.Value;
        if (attribute.Id != SstpAttributeId.SSTP_ATTRIB_STATUS_INFO || attribute.Length < FixedLength)
        {
            return OperationStatus.InvalidData;
        }

        ReadOnlySpan<byte> attribValue = value[8..];
        statusInfo = new SstpStatusInfo(
            (SstpAttributeId)value[3],
            (SstpAttributeStatus)BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            attribValue.IsEmpty ? ReadOnlyMemory<byte>.Empty : attribValue.ToArray());
        return OperationStatus.Done;
    }

    /// <summary>Writes the attribute; returns the byte count (<see cref="EncodedLength"/>).</summary>
    public int WriteTo(Span<byte> destination)
    {
        ReadOnlySpan<byte> value = Value.Span;
        if (value.Length > SstpConstants.MaxStatusInfoValueLength)
        {
            value = value[..SstpConstants.MaxStatusInfoValueLength];
        }

        int length = FixedLength + value.Length;
        Span<byte> attribute = destination[..length];
        SstpControlWriter.WriteAttributeHeader(attribute, SstpAttributeId.SSTP_ATTRIB_STATUS_INFO, length);
        attribute[4..7].Clear();
        attribute[7] = (byte)AttribId;
        BinaryPrimitives.WriteUInt32BigEndian(attribute[8..], (uint)Status);
        value.CopyTo(attribute[FixedLength..]);
        return length;
    }

    public bool Equals(SstpStatusInfo other) =>
        AttribId == other.AttribId && Status == other.Status && Value.Span.SequenceEqual(other.Value.Span);

    public override bool Equals(object? obj) => obj is SstpStatusInfo other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(AttribId, Status, Value.Length);

    public static bool operator ==(SstpStatusInfo left, SstpStatusInfo right) => left.Equals(right);

    public static bool operator !=(SstpStatusInfo left, SstpStatusInfo right) => !left.Equals(right);

    public override string ToString() => $"{Status} (AttribID {AttribId}, {Value.Length} value bytes)";
}
