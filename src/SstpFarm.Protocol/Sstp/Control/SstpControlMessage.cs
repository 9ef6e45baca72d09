using System.Buffers;
using System.Buffers.Binary;

namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>
/// A decoded control packet: message type and attributes, viewed in place. The message type may
/// be a value the enum does not name (the state machine answers those with an abort).
/// </summary>
public readonly ref struct SstpControlMessage
{
    private SstpControlMessage(SstpMessageType messageType, int attributeCount, ReadOnlySpan<byte> packet)
    {
        MessageType = messageType;
        AttributeCount = attributeCount;
        Packet = packet;
    }

    public SstpMessageType MessageType { get; }

    /// <summary>Num Attributes as declared (and verified against the attribute area).</summary>
    public int AttributeCount { get; }

    /// <summary>The whole packet, SSTP header included (exactly its declared length).</summary>
    public ReadOnlySpan<byte> Packet { get; }

    public SstpAttributeEnumerator Attributes =>
        new(Packet[SstpConstants.ControlMessageHeaderLength..], AttributeCount);

    // +--------------------------------------------+
    // | SSTP header (C = 1), Length = whole packet |  bytes 0-3
    // +----------------------+---------------------+
    // | Message Type         | Num Attributes      |  bytes 4-7
    // +----------------------+---------------------+
    // | Attributes ...                             |  bytes 8..Length-1
    // +--------------------------------------------+

    /// <summary>
    /// Decodes the control packet at the start of <paramref name="source"/> (which may hold more).
    /// NeedMoreData until the whole declared packet is present; InvalidData on a delineation
    /// failure, a data packet, a packet shorter than 8 bytes or an attribute area that does not
    /// match Num Attributes. Only the declared length is looked at.
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> source, out SstpControlMessage message)
    {
        // MS-SSTP §2.2.2
        message = default;
        OperationStatus status = SstpPacketHeader.TryReadPacket(source, out SstpPacketHeader header, out ReadOnlySpan<byte> packet);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        if (!header.IsControl || header.PacketLength < SstpConstants.ControlMessageHeaderLength)
        {
            return OperationStatus.InvalidData;
        }

        var type = (SstpMessageType)BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        var candidate = new SstpControlMessage(type, count, packet);

        SstpAttributeEnumerator walk = candidate.Attributes;
        while (walk.MoveNext())
        {
        }

        // The final MoveNext also flagged bytes left after the last declared attribute.
        if (walk.Status != OperationStatus.Done)
        {
            return OperationStatus.InvalidData;
        }

        message = candidate;
        return OperationStatus.Done;
    }
}
