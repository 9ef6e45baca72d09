namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) as RFC 4960 Appendix B defines it, which
/// PP2_TYPE_CRC32C uses. Table-driven, one byte per step; check value of "123456789" is 0xE3069283.
/// </summary>
public static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>Initial running value for <see cref="Append"/>.</summary>
    public const uint Start = 0xFFFFFFFF;

    /// <summary>Feeds more bytes into a running value (before <see cref="Finish"/>).</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            running = table[(byte)(running ^ b)] ^ (running >> 8);
        }

        return running;
    }

    /// <summary>Final XOR that turns a running value into the checksum.</summary>
    public static uint Finish(uint running) => ~running;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
