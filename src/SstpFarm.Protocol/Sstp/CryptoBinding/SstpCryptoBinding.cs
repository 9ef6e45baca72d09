using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SstpFarm.Protocol.Sstp.CryptoBinding;

/// <summary>
/// The crypto binding computations shared by server and client (MS-SSTP §3.2.5.2; worked through in
/// docs/protocol/crypto-binding.md §3, §6, §7). All outputs go into caller spans; nothing allocates.
/// </summary>
public static class SstpCryptoBinding
{
    /// <summary>Call Connected is always 112 bytes; the Compound MAC slot is bytes 80..111.</summary>
    public const int CallConnectedLength = 112;

    public const int NonceOffset = 16;
    public const int CertHashOffset = 48;
    public const int CompoundMacOffset = 80;

    /// <summary>Cert Hash and Compound MAC slots are 32 bytes; a SHA-1 value is followed by 12 zero bytes.</summary>
    public const int HashSlotLength = 32;

    public const int Sha1Length = 20;
    public const int Sha256Length = 32;

    /// <summary>PRF+ seed, ASCII without a terminating NUL (MS-SSTP §3.2.5.2.2).</summary>
    public static ReadOnlySpan<byte> CmkSeed => "SSTP inner method derived CMK"u8;

    private const int CmkInputLength = 32;

    /// <summary>20 for SHA-1, 32 for SHA-256; throws for anything that is not exactly one of them.</summary>
    public static int GetHashLength(CertHashProtocols protocol) => protocol switch
    {
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 => Sha1Length,
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA256 => Sha256Length,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Exactly one of SHA-1 or SHA-256."),
    };

    /// <summary>
    /// CMK = PRF+ with one iteration: HMAC-H(key = HLAK, Seed ‖ L as uint16 little-endian ‖ 0x01)
    /// (MS-SSTP §3.2.5.2.2). Returns L, the bytes written to <paramref name="cmk"/>.
    /// </summary>
    public static int ComputeCmk(CertHashProtocols protocol, ReadOnlySpan<byte> hlak, Span<byte> cmk)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(hlak.Length, SstpConstants.HlakLength, nameof(hlak));
        int length = GetHashLength(protocol);
        Span<byte> input = stackalloc byte[CmkInputLength];
        WriteCmkInput(length, input);
        return Hmac(protocol, hlak, input, cmk);
    }

    /// <summary>
    /// Compound MAC = HMAC-H(key = CMK, the whole 112-byte Call Connected with bytes 80..111 zeroed)
    /// (MS-SSTP §3.2.5.2.3). Returns L, the bytes written to <paramref name="mac"/>.
    /// </summary>
    public static int ComputeCompoundMac(CertHashProtocols protocol, ReadOnlySpan<byte> cmk, ReadOnlySpan<byte> callConnected, Span<byte> mac)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(callConnected.Length, CallConnectedLength, nameof(callConnected));
        Span<byte> message = stackalloc byte[CallConnectedLength];
        callConnected.CopyTo(message);
        message[CompoundMacOffset..].Clear();
        return Hmac(protocol, cmk, message, mac);
    }

    /// <summary>CMK then Compound MAC, straight from the HLAK.</summary>
    public static int ComputeCompoundMacFromHlak(CertHashProtocols protocol, ReadOnlySpan<byte> hlak, ReadOnlySpan<byte> callConnected, Span<byte> mac)
    {
        Span<byte> cmk = stackalloc byte[Sha256Length];
        int length = ComputeCmk(protocol, hlak, cmk);
        try
        {
            return ComputeCompoundMac(protocol, cmk[..length], callConnected, mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cmk);
        }
    }

    /// <summary>
    /// SHA-1 or SHA-256 of the DER encoding of the leaf certificate the client saw (MS-SSTP §3.3.3),
    /// i.e. the usual thumbprint. Returns the bytes written.
    /// </summary>
    public static int ComputeCertificateHash(CertHashProtocols protocol, ReadOnlySpan<byte> der, Span<byte> hash) => protocol switch
    {
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 => SHA1.HashData(der, hash),
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA256 => SHA256.HashData(der, hash),
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Exactly one of SHA-1 or SHA-256."),
    };

    /// <summary>Seed ‖ L (uint16 little-endian — the only little-endian field in SSTP) ‖ iteration 0x01.</summary>
    internal static void WriteCmkInput(int hashLength, Span<byte> input)
    {
        CmkSeed.CopyTo(input);
        BinaryPrimitives.WriteUInt16LittleEndian(input[CmkSeed.Length..], (ushort)hashLength);
        input[CmkInputLength - 1] = 0x01;
    }

    private static int Hmac(CertHashProtocols protocol, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) => protocol switch
    {
        CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 => HMACSHA1.HashData(key, data, destination),
        _ => HMACSHA256.HashData(key, data, destination),
    };
}
