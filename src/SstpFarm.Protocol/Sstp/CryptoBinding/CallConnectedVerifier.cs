using System.Buffers;
using System.Security.Cryptography;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>
/// Server-side checks of Call Connected (MS-SSTP §3.3.5.2.3; crypto-binding.md §8). Split in two so a
/// message that arrives before the HLAK is known can be checked at once and its MAC verified later.
/// All comparisons of secret-derived values are constant-time.
/// </summary>
public static class CallConnectedVerifier
{
    private const int CryptoBindingAttributeLength = 104;
    private const int HashProtocolOffset = 15;

    //  0      4      6      8  9   10     12   15  16         48           80            112
    // +------+------+------+--+---+------+----+---+----------+------------+-------------+
    // | hdr  | 0004 | 0001 |00|03 | 0068 |000000|HP| Nonce(32)| CertHash   | CompoundMAC |
    // +------+------+------+--+---+------+----+---+----------+------------+-------------+

    /// <summary>
    /// Steps 1-4: format, hash protocol offered, nonce, certificate hash. Everything except the MAC,
    /// which needs the HLAK. <paramref name="protocol"/> is the client's choice when the format is valid.
    /// </summary>
    public static CryptoBindingResult CheckWithoutKey(
        ReadOnlySpan<byte> callConnected,
        CertHashProtocols offered,
        ReadOnlySpan<byte> nonce,
        ServerCertificateHashes certificateHashes,
        out CertHashProtocols protocol)
    {
        // MS-SSTP §3.3.5.2.3, §2.2.7, §2.2.11
        ArgumentNullException.ThrowIfNull(certificateHashes);
        protocol = CertHashProtocols.None;
        if (!IsWellFormed(callConnected))
        {
            return CryptoBindingResult.FormatError;
        }

        protocol = (CertHashProtocols)callConnected[HashProtocolOffset];
        if (protocol is not (CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 or CertHashProtocols.CERT_HASH_PROTOCOL_SHA256)
            || (offered & protocol) == 0)
        {
            return CryptoBindingResult.HashProtocolNotOffered;
        }

        if (!CryptographicOperations.FixedTimeEquals(callConnected.Slice(SstpCryptoBinding.NonceOffset, SstpConstants.NonceLength), nonce))
        {
            return CryptoBindingResult.NonceMismatch;
        }

        // Padding after a SHA-1 hash is ignored.
        ReadOnlySpan<byte> expectedHash = certificateHashes.Get(protocol);
        if (expectedHash.IsEmpty
            || !CryptographicOperations.FixedTimeEquals(callConnected.Slice(SstpCryptoBinding.CertHashOffset, expectedHash.Length), expectedHash))
        {
            return CryptoBindingResult.CertificateHashMismatch;
        }

        return CryptoBindingResult.Ok;
    }

    /// <summary>
    /// Step 6: recompute the Compound MAC from the server's HLAK and compare the first L bytes of the MAC
    /// slot. Call only after <see cref="CheckWithoutKey"/> returned Ok for the same message.
    /// </summary>
    public static CryptoBindingResult VerifyCompoundMac(ReadOnlySpan<byte> callConnected, CertHashProtocols protocol, ReadOnlySpan<byte> hlak)
    {
        Span<byte> mac = stackalloc byte[SstpCryptoBinding.Sha256Length];
        int length = SstpCryptoBinding.ComputeCompoundMacFromHlak(protocol, hlak, callConnected, mac);
        bool equal = CryptographicOperations.FixedTimeEquals(callConnected.Slice(SstpCryptoBinding.CompoundMacOffset, length), mac[..length]);
        return equal ? CryptoBindingResult.Ok : CryptoBindingResult.CompoundMacMismatch;
    }

    /// <summary>All checks in the spec's order, for when the HLAK is already known.</summary>
    public static CryptoBindingResult Verify(
        ReadOnlySpan<byte> callConnected,
        CertHashProtocols offered,
        ReadOnlySpan<byte> nonce,
        ServerCertificateHashes certificateHashes,
        ReadOnlySpan<byte> hlak)
    {
        CryptoBindingResult result = CheckWithoutKey(callConnected, offered, nonce, certificateHashes, out CertHashProtocols protocol);
        return result == CryptoBindingResult.Ok ? VerifyCompoundMac(callConnected, protocol, hlak) : result;
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> callConnected)
    {
        if (SstpControlMessage.TryRead(callConnected, out SstpControlMessage message) != OperationStatus.Done
            || message.Packet.Length != SstpCryptoBinding.CallConnectedLength
            || callConnected.Length != SstpCryptoBinding.CallConnectedLength
            || message.MessageType != SstpMessageType.SSTP_MSG_CALL_CONNECTED
            || message.AttributeCount != 1)
        {
            return false;
        }

        SstpAttributeEnumerator attributes = message.Attributes;
        return attributes.MoveNext()
            && attributes.Current.Id == SstpAttributeId.SSTP_ATTRIB_CRYPTO_BINDING
            && attributes.Current.Length == CryptoBindingAttributeLength;
    }
}
