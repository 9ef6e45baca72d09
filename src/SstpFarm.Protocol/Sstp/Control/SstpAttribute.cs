namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>
/// One attribute of a control message as it sits in the packet (MS-SSTP §2.2.4). <see cref="Id"/> is
/// the raw byte, which may be a value the enum does not name.
/// </summary>
public readonly ref struct SstpAttribute
{
    internal SstpAttribute(SstpAttributeId id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    public SstpAttributeId Id { get; }

    /// <summary>The declared Length: the whole attribute, header included.</summary>
    public int Length => Value.Length + SstpConstants.AttributeHeaderLength;

    /// <summary>The bytes after the 4-byte attribute header.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
