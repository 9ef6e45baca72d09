using System.Security.Cryptography;
using SstpFarm.Protocol.Auth.MsChapV2;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// The 32-byte Higher-Layer Authentication Key that SSTP crypto binding needs from PPP
/// authentication ([MS-SSTP] §3.2.5.2.2, crypto-binding.md §5). PAP and CHAP-MD5 give 32 zeros.
/// </summary>
public static class SstpHlak
{
    public const int Size = 32;

    private const int KeySize = 16;

    /// <summary>
    /// MS-CHAPv2 HLAK from the NT hash and the NT-Response. The client takes
    /// MasterSendKey ‖ MasterReceiveKey, the server MasterReceiveKey ‖ MasterSendKey; with
    /// RFC 3079's role mapping both are KeyM2 ‖ KeyM3 (crypto-binding.md §5.2).
    /// </summary>
    public static void FromMsChapV2(ReadOnlySpan<byte> ntHash, ReadOnlySpan<byte> ntResponse, bool isServer, Span<byte> destination)
    {
        Span<byte> hashHash = stackalloc byte[NtHash.Size];
        Span<byte> masterKey = stackalloc byte[MppeKeys.MasterKeySize];
        NtHash.ComputeHashHash(ntHash, hashHash);
        MppeKeys.GetMasterKey(hashHash, ntResponse, masterKey);

        Span<byte> first = destination[..KeySize];
        Span<byte> second = destination.Slice(KeySize, KeySize);
        if (isServer)
        {
            MppeKeys.GetAsymmetricStartKey(masterKey, first, isSend: false, isServer: true);
            MppeKeys.GetAsymmetricStartKey(masterKey, second, isSend: true, isServer: true);
        }
        else
        {
            MppeKeys.GetAsymmetricStartKey(masterKey, first, isSend: true, isServer: false);
            MppeKeys.GetAsymmetricStartKey(masterKey, second, isSend: false, isServer: false);
        }

        CryptographicOperations.ZeroMemory(hashHash);
        CryptographicOperations.ZeroMemory(masterKey);
    }

    /// <summary>
    /// Server HLAK from RADIUS-supplied keys: MS-MPPE-Recv-Key ‖ MS-MPPE-Send-Key (RFC 2548
    /// §2.4.2-2.4.3, after decryption and without the length byte; crypto-binding.md §5.2).
    /// Each key is cut or zero-padded to 16 bytes.
    /// </summary>
    public static void FromMppeKeys(ReadOnlySpan<byte> receiveKey, ReadOnlySpan<byte> sendKey, Span<byte> destination)
    {
        destination[..Size].Clear();
        receiveKey[..Math.Min(KeySize, receiveKey.Length)].CopyTo(destination);
        sendKey[..Math.Min(KeySize, sendKey.Length)].CopyTo(destination[KeySize..]);
    }
}
