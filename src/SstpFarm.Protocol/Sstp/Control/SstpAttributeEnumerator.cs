using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>
/// Walks the attributes of a control message without copying. Each attribute's declared length is
/// checked against the bytes that remain before it is exposed, so nothing outside the message is
/// ever read. After the walk, <see cref="Status"/> says whether the attribute area was consistent.
/// </summary>
public ref struct SstpAttributeEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private int _pending;
    private SstpAttribute _current;
    private bool _malformed;

    internal SstpAttributeEnumerator(ReadOnlySpan<byte> attributeArea, int declaredCount)
    {
        _remaining = attributeArea;
        _pending = declaredCount;
    }

    public readonly SstpAttribute Current => _current;

    /// <summary>
    /// Done when exactly the declared number of attributes filled the area; InvalidData when an
    /// attribute overran the message, was shorter than its header, or the count did not match;
    /// NeedMoreData while the walk is unfinished.
    /// </summary>
    public readonly OperationStatus Status =>
        _malformed ? OperationStatus.InvalidData
        : _pending > 0 ? OperationStatus.NeedMoreData
        : OperationStatus.Done;

    public readonly SstpAttributeEnumerator GetEnumerator() => this;

    //  byte 0     byte 1          byte 2-3
    // +----------+---------------+------------------------+----------------+
    // | Reserved | Attribute ID  | R(4) | Length(12 bits) | Value (Length − 4)
    // +----------+---------------+------------------------+----------------+
    public bool MoveNext()
    {
        // MS-SSTP §2.2.4
        if (_malformed || _pending == 0)
        {
            // Bytes left over after the last declared attribute mean the counts disagree.
            _malformed |= _pending == 0 && !_remaining.IsEmpty;
            _current = default;
            return false;
        }

        if (_remaining.Length < SstpConstants.AttributeHeaderLength)
        {
            return Fail();
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]) & SstpConstants.LengthMask;
        if (length < SstpConstants.AttributeHeaderLength || length > _remaining.Length)
        {
            return Fail();
        }

        _current = new SstpAttribute((SstpAttributeId)_remaining[1], _remaining[SstpConstants.AttributeHeaderLength..length]);
        _remaining = _remaining[length..];
        _pending--;
        return true;
    }

    private bool Fail()
    {
        _malformed = true;
        _current = default;
        return false;
    }
}
