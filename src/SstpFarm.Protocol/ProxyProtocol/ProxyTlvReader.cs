using System.Buffers.Binary;

namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// Walks v2 TLVs (§2.2) without allocating; also used for the sub-TLVs inside PP2_TYPE_SSL. Gives callers
/// access to TLVs this library does not interpret (e.g. the custom range 0xE0-0xEF).
/// <code>
/// +------+---------+---------+-------------------+
/// | type | len_hi  | len_lo  | value (len bytes) |   repeated to the end of the area
/// +------+---------+---------+-------------------+
/// </code>
/// </summary>
public ref struct ProxyTlvReader
{
    private ReadOnlySpan<byte> _remaining;

    public ProxyTlvReader(ReadOnlySpan<byte> tlvArea)
    {
        _remaining = tlvArea;
        IsMalformed = false;
        Offset = 0;
    }

    /// <summary>True once a TLV header or value ran past the end of the area; reading stops there.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Offset of the next TLV inside the area.</summary>
    public int Offset { get; private set; }

    /// <summary>Reads the next TLV; false at the end of the area or when it is malformed.</summary>
    public bool TryRead(out byte type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (_remaining.IsEmpty || IsMalformed)
        {
            return false;
        }

        if (_remaining.Length < 3 || _remaining.Length - 3 < BinaryPrimitives.ReadUInt16BigEndian(_remaining[1..]))
        {
            IsMalformed = true;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_remaining[1..]);
        type = _remaining[0];
        value = _remaining.Slice(3, length);
        _remaining = _remaining[(3 + length)..];
        Offset += 3 + length;
        return true;
    }
}
