using System.Buffers;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>Client side: reads the Crypto Binding Request out of a Call Connect Ack (MS-SSTP §2.2.10, §2.2.6).</summary>
public static class CryptoBindingRequest
{
    private const int AttributeLength = 40;

    //  8  9   10     12       15        16
    // +--+---+------+--------+---------+-----------+
    // |00|04 | 0028 | 000000 | Bitmask | Nonce(32) |
    // +--+---+------+--------+---------+-----------+

    /// <summary>
    /// InvalidData unless <paramref name="ack"/> is a Call Connect Ack with exactly one 40-byte
    /// Crypto Binding Request. The bitmask is returned as sent (a client checks it has a usable bit).
    /// </summary>
    public static OperationStatus TryRead(SstpControlMessage ack, out CertHashProtocols offered, out ReadOnlySpan<byte> nonce)
    {
        // MS-SSTP §2.2.6
        offered = CertHashProtocols.None;
        nonce = default;
        if (ack.MessageType != SstpMessageType.SSTP_MSG_CALL_CONNECT_ACK || ack.AttributeCount != 1)
        {
            return OperationStatus.InvalidData;
        }

        SstpAttributeEnumerator attributes = ack.Attributes;
        if (!attributes.MoveNext()
            || attributes.Current.Id != SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING_REQ
            || attributes.Current.Length != AttributeLength)
        {
            return OperationStatus.InvalidData;
        }

        ReadOnlySpan<byte> value = attributes.Current.Value;
        offered = (CertHashProtocols)value[3];
        nonce = value[4..];
        return OperationStatus.Done;
    }
}
