using SstpFarm.Protocol.Auth.Crypto;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>
/// MPPE start-key derivation of RFC 3079 §3.4. SSTP uses it only to build the HLAK
/// (crypto-binding.md §5.2); MPPE itself is not negotiated over SSTP.
/// </summary>
public static class MppeKeys
{
    public const int MasterKeySize = 16;

    // RFC 3079 §3.4 constants.
    private static ReadOnlySpan<byte> Magic1 => "This is the MPPE Master Key"u8;

    private static ReadOnlySpan<byte> Magic2 =>
        "On the client side, this is the send key; on the server side, it is the receive key."u8;

    private static ReadOnlySpan<byte> Magic3 =>
        "On the client side, this is the receive key; on the server side, it is the send key."u8;

    private static ReadOnlySpan<byte> ShsPad1 =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static ReadOnlySpan<byte> ShsPad2 =>
    [
        0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2,
        0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2, 0xF2,
    ];

    /// <summary>GetMasterKey (RFC 3079 §3.4): the first 16 bytes of SHA1(PasswordHashHash ‖ NT-Response ‖ Magic1).</summary>
    public static void GetMasterKey(ReadOnlySpan<byte> passwordHashHash, ReadOnlySpan<byte> ntResponse, Span<byte> destination) =>
        ConcatenatedHash.Sha1(
            destination[..MasterKeySize],
            passwordHashHash[..NtHash.Size],
            ntResponse[..MsChapV2Algorithms.NtResponseSize],
            Magic1);

    /// <summary>
    /// GetAsymmetricStartKey (RFC 3079 §3.4): fills <paramref name="destination"/> (8 or 16 bytes,
    /// the key length) with the start key for the given direction and role.
    /// </summary>
    public static void GetAsymmetricStartKey(ReadOnlySpan<byte> masterKey, Span<byte> destination, bool isSend, bool isServer)
    {
        if (destination.Length is not (8 or 16))
        {
            throw new ArgumentException("MPPE start keys are 8 or 16 bytes.", nameof(destination));
        }

        ReadOnlySpan<byte> magic = isSend == isServer ? Magic3 : Magic2;
        ConcatenatedHash.Sha1(destination, masterKey[..MasterKeySize], ShsPad1, magic, ShsPad2);
    }
}
