namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>SSTP crypto binding vectors from docs/protocol/test-vectors.md §6.</summary>
internal static class SstpVectors
{
    // §6.1, [MS-SSTP §4.7] SHA-256 example.
    public const string NonceSha256 = "412B489AEBD7ECC7D08966F26BE7CD72 B231A0E9210D7C91B308862B0344C435";
    public const string HlakSha256Example = "2A1BB40D55AB0F5EF32F06F2B3CC73C4 8FD3FAC41D7A1315A19228D9024CA164";
    public const string CertHashSha256 = "7993EF314C493DACE9F02D60E7E61C84 B6690AAFE9D7AEEA92CBBE8AD599422D";
    public const string CmkSha256Example = "ecf59ac9fe155cf0a9e7d66adc1b363c1ad7ba91a9217f0cec2a534298828df6";
    public const string CallConnectedSha256 = """
        10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 02
        41 2B 48 9A EB D7 EC C7 D0 89 66 F2 6B E7 CD 72
        B2 31 A0 E9 21 0D 7C 91 B3 08 86 2B 03 44 C4 35
        79 93 EF 31 4C 49 3D AC E9 F0 2D 60 E7 E6 1C 84
        B6 69 0A AF E9 D7 AE EA 92 CB BE 8A D5 99 42 2D
        52 A6 8E FD 8C FF BF 52 77 0B 8F 0F E8 EC 73 71
        65 83 AF 6D 61 1E B6 D1 79 B3 B2 08 40 98 54 49
        """;

    // §6.2, [MS-SSTP §4.7] SHA-1 example.
    public const string NonceSha1 = "0F1A2D58D4A3E3000FAD3CE4906E07B7 07AA9E441CCEAC5CBD7B2CC1C9D86CDF";
    public const string HlakSha1Example = "4B3128F43925D9006EEFB1C4E86515A1 D88E56BAB3CA2BDF0373B7F5A8A13B19";
    public const string CertHashSha1 = "5826B629BDA59B8E6FD8DCD2622FD34C534805A5";
    public const string CmkSha1Example = "a98b862a38cc7e224b42cd128586acb22f0bd1e9";
    public const string CallConnectedSha1 = """
        10 01 00 70 00 04 00 01 00 03 00 68 00 00 00 01
        0F 1A 2D 58 D4 A3 E3 00 0F AD 3C E4 90 6E 07 B7
        07 AA 9E 44 1C CE AC 5C BD 7B 2C C1 C9 D8 6C DF
        58 26 B6 29 BD A5 9B 8E 6F D8 DC D2 62 2F D3 4C
        53 48 05 A5 00 00 00 00 00 00 00 00 00 00 00 00
        69 91 5D D5 83 D8 06 2F EF 16 F6 1D B2 F0 32 90
        EC 27 CB 6C 00 00 00 00 00 00 00 00 00 00 00 00
        """;

    // §5 / §6.3: MS-CHAPv2 HLAK for the RFC 2759 credentials (derived).
    public const string HlakMsChapV2 = "d5f0e9521e3ea9589645e86051c82226 8b7cdc149b993a1ba118cb153f56dccb";
    public const string CmkMsChapV2Sha256 = "150707e682b16f4ca9430560c562894afd10050db4182d35c3e9e06284445271";
    public const string CmacMsChapV2Sha256 = "fc0f8e272dd23c80526c2a271158a12195eb2df59780b17e6ef641ba0fe699d0";
    public const string CmkMsChapV2Sha1 = "3afbff0ba79dd9743bd09949fa99f9d0c92d3698";
    public const string CmacMsChapV2Sha1 = "ff9d1b065cbac8e7a71ad85cad75eee5b14890c9";

    // §6.3 zero HLAK (PAP / CHAP-MD5 / no auth).
    public const string CmkZeroSha256 = "d342eb00477d6a37e1a184fb0168cb3ea3b6645fa0f227904d20eef5cb8f9327";
    public const string CmacZeroSha256 = "37350a9168e4697495f2f535721af42be80a185d6dc4c4dc929f8f87e304a616";
    public const string CmkZeroSha1 = "ae571ede1e11efb7bb85b8b4f07e15f0e086761a";
    public const string CmacZeroSha1 = "9a111c756b84d95002c9372556c181e0e5360da7";
}
