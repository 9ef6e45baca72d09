using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>Client side of crypto binding: picks the hash and builds Call Connected (MS-SSTP §3.2.5.2, §2.2.11).</summary>
public static class CallConnectedBuilder
{
    /// <summary>SHA-256 when offered (the spec requires it when both are), else SHA-1, else None (→ Call Abort).</summary>
    public static CertHashProtocols ChooseHashProtocol(CertHashProtocols offered) =>
        (offered & CertHashProtocols.CERT_HASH_PROTOCOL_SHA256) != 0 ? CertHashProtocols.CERT_HASH_PROTOCOL_SHA256
        : (offered & CertHashProtocols.CERT_HASH_PROTOCOL_SHA1) != 0 ? CertHashProtocols.CERT_HASH_PROTOCOL_SHA1
        : CertHashProtocols.None;

    /// <summary>
    /// Writes the 112-byte Call Connected: nonce from the Ack, hash of the server certificate the client
    /// saw, and the Compound MAC computed with <paramref name="hlak"/>. Returns 112.
    /// </summary>
    public static int Write(Span<byte> destination, CertHashProtocols protocol, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> certificateHash, ReadOnlySpan<byte> hlak)
    {
        int hashLength = SstpCryptoBinding.GetHashLength(protocol);
        ArgumentOutOfRangeException.ThrowIfNotEqual(nonce.Length, SstpConstants.NonceLength, nameof(nonce));
        ArgumentOutOfRangeException.ThrowIfNotEqual(certificateHash.Length, hashLength, nameof(certificateHash));

        Span<byte> packet = destination[..SstpCryptoBinding.CallConnectedLength];
        packet.Clear();
        SstpControlWriter.WriteMessageHeader(packet, SstpMessageType.SSTP_MSG_CALL_CONNECTED, 1);
        SstpControlWriter.WriteAttributeHeader(packet[8..], SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING, packet.Length - SstpConstants.ControlMessageHeaderLength);
        packet[15] = (byte)protocol;
        nonce.CopyTo(packet[SstpCryptoBinding.NonceOffset..]);
        certificateHash.CopyTo(packet[SstpCryptoBinding.CertHashOffset..]);
        SstpCryptoBinding.ComputeCompoundMacFromHlak(protocol, hlak, packet, packet[SstpCryptoBinding.CompoundMacOffset..]);
        return SstpCryptoBinding.CallConnectedLength;
    }
}
