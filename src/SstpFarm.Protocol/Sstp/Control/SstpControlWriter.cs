using System.Buffers.Binary;
using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Control;

/// <summary>
/// Encoders for every SSTP control message (MS-SSTP §2.2.9-§2.2.16). Each writes the whole packet,
/// SSTP header included, into the caller's span and returns the byte count. Call Connected is
/// built in the CryptoBinding namespace because it needs the crypto binding.
/// </summary>
public static class SstpControlWriter
{
    public const int CallConnectRequestLength = 14;
    public const int CallConnectAckLength = 48;
    public const int BareMessageLength = SstpConstants.ControlMessageHeaderLength;
    public const int MessageWithStatusInfoLength = BareMessageLength + SstpStatusInfo.FixedLength;

    /// <summary>Most Status Infos a NAK can carry when every one echoes 64 bytes.</summary>
    public const int MaxNakStatusInfos = (SstpConstants.MaxPacketLength - BareMessageLength) / SstpStatusInfo.MaxLength;

    internal const int EncapsulatedProtocolIdLength = 6;
    private const int CryptoBindingRequestLength = 40;

    /// <summary>Call Connect Request with one Encapsulated Protocol ID (MS-SSTP §2.2.9).</summary>
    public static int WriteCallConnectRequest(Span<byte> destination, ushort protocolId = SstpConstants.SSTP_ENCAPSULATED_PROTOCOL_PPP)
    {
        Span<byte> packet = destination[..CallConnectRequestLength];
        WriteMessageHeader(packet, SstpMessageType.SSTP_MSG_CALL_CONNECT_REQUEST, 1);
        WriteAttributeHeader(packet[8..], SstpAttributeId.SSTP_ATTRIB_ENCAPSULATED_PROTOCOL_ID, EncapsulatedProtocolIdLength);
        BinaryPrimitives.WriteUInt16BigEndian(packet[12..], protocolId);
        return CallConnectRequestLength;
    }

    /// <summary>
    /// Call Connect Ack with the Crypto Binding Request: the hash bitmask the server accepts and the
    /// 32-byte nonce the client must echo (MS-SSTP §2.2.10).
    /// </summary>
    public static int WriteCallConnectAck(Span<byte> destination, CertHashProtocols hashProtocols, ReadOnlySpan<byte> nonce)
    {
        if (hashProtocols == CertHashProtocols.None || (hashProtocols & ~(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hashProtocols), hashProtocols, "Offer SHA-1, SHA-256 or both.");
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(nonce.Length, SstpConstants.NonceLength, nameof(nonce));
        Span<byte> packet = destination[..CallConnectAckLength];
        WriteMessageHeader(packet, SstpMessageType.SSTP_MSG_CALL_CONNECT_ACK, 1);
        WriteAttributeHeader(packet[8..], SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING_REQ, CryptoBindingRequestLength);
        packet[12..15].Clear();
        packet[15] = (byte)hashProtocols;
        nonce.CopyTo(packet[16..]);
        return CallConnectAckLength;
    }

    /// <summary>Bytes a Call Connect Nak with these Status Infos takes.</summary>
    public static int GetCallConnectNakLength(ReadOnlySpan<SstpStatusInfo> statusInfos)
    {
        int length = BareMessageLength;
        foreach (SstpStatusInfo statusInfo in statusInfos)
        {
            length += statusInfo.EncodedLength;
        }

        return length;
    }

    /// <summary>Call Connect Nak: one or more Status Infos, AttribValues truncated to 64 bytes (MS-SSTP §2.2.12).</summary>
    public static int WriteCallConnectNak(Span<byte> destination, ReadOnlySpan<SstpStatusInfo> statusInfos)
    {
        if (statusInfos.IsEmpty)
        {
            throw new ArgumentException("A Call Connect Nak carries at least one Status Info.", nameof(statusInfos));
        }

        int length = GetCallConnectNakLength(statusInfos);
        SstpPacketHeader.CheckLength(length);
        Span<byte> packet = destination[..length];
        WriteMessageHeader(packet, SstpMessageType.SSTP_MSG_CALL_CONNECT_NAK, statusInfos.Length);
        int offset = BareMessageLength;
        foreach (SstpStatusInfo statusInfo in statusInfos)
        {
            offset += statusInfo.WriteTo(packet[offset..]);
        }

        return length;
    }

    /// <summary>Call Abort without a Status Info (MS-SSTP §2.2.13).</summary>
    public static int WriteCallAbort(Span<byte> destination) =>
        WriteBare(destination, SstpMessageType.SSTP_MSG_CALL_ABORT);

    /// <summary>Call Abort with one Status Info, as Windows always sends it (MS-SSTP §2.2.13).</summary>
    public static int WriteCallAbort(Span<byte> destination, SstpAttributeId attribId, SstpAttributeStatus status) =>
        WriteWithStatus(destination, SstpMessageType.SSTP_MSG_CALL_ABORT, attribId, status);

    /// <summary>Call Disconnect without a Status Info (MS-SSTP §2.2.14).</summary>
    public static int WriteCallDisconnect(Span<byte> destination) =>
        WriteBare(destination, SstpMessageType.SSTP_MSG_CALL_DISCONNECT);

    /// <summary>Call Disconnect with one Status Info; a normal disconnect uses AttribID 0 and status 0 (MS-SSTP §2.2.14).</summary>
    public static int WriteCallDisconnect(Span<byte> destination, SstpAttributeId attribId, SstpAttributeStatus status) =>
        WriteWithStatus(destination, SstpMessageType.SSTP_MSG_CALL_DISCONNECT, attribId, status);

    /// <summary>Call Disconnect Ack (MS-SSTP §2.2.15).</summary>
    public static int WriteCallDisconnectAck(Span<byte> destination) =>
        WriteBare(destination, SstpMessageType.SSTP_MSG_CALL_DISCONNECT_ACK);

    /// <summary>Echo Request (MS-SSTP §2.2.16).</summary>
    public static int WriteEchoRequest(Span<byte> destination) =>
        WriteBare(destination, SstpMessageType.SSTP_MSG_ECHO_REQUEST);

    /// <summary>Echo Response (MS-SSTP §2.2.17).</summary>
    public static int WriteEchoResponse(Span<byte> destination) =>
        WriteBare(destination, SstpMessageType.SSTP_MSG_ECHO_RESPONSE);

    /// <summary>SSTP header, Message Type and Num Attributes; the packet length is the span's length.</summary>
    internal static void WriteMessageHeader(Span<byte> packet, SstpMessageType messageType, int attributeCount)
    {
        SstpPacketHeader.WriteControlHeader(packet, packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)messageType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], (ushort)attributeCount);
    }

    internal static void WriteAttributeHeader(Span<byte> attribute, SstpAttributeId id, int length)
    {
        attribute[0] = 0;
        attribute[1] = (byte)id;
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)length);
    }

    private static int WriteBare(Span<byte> destination, SstpMessageType messageType)
    {
        WriteMessageHeader(destination[..BareMessageLength], messageType, 0);
        return BareMessageLength;
    }

    private static int WriteWithStatus(Span<byte> destination, SstpMessageType messageType, SstpAttributeId attribId, SstpAttributeStatus status)
    {
        Span<byte> packet = destination[..MessageWithStatusInfoLength];
        WriteMessageHeader(packet, messageType, 1);
        new SstpStatusInfo(attribId, status).WriteTo(packet[BareMessageLength..]);
        return MessageWithStatusInfoLength;
    }
}
