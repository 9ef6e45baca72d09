using System.Buffers.Binary;

namespace SstpFarm.Protocol.Net;

/// <summary>The 16-bit one's complement Internet checksum (RFC 1071) and its incremental update (RFC 1624).</summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> as big-endian 16-bit words (odd tail padded with zero) to a running sum.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        ulong wide = sum;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            wide += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            wide += (uint)data[i] << 8;
        }

        return Fold(wide);
    }

    /// <summary>Folds carries and complements: the value to store in a checksum field.</summary>
    public static ushort Finish(uint sum) => (ushort)~Fold(sum);

    /// <summary>
    /// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), the new checksum after one 16-bit word changed from
    /// <paramref name="oldWord"/> to <paramref name="newWord"/>. Avoids the -0 problem of eqn. 2.
    /// </summary>
    public static ushort Update(ushort checksum, ushort oldWord, ushort newWord)
    {
        uint sum = (uint)(ushort)~checksum + (ushort)~oldWord + newWord;
        return (ushort)~Fold(sum);
    }

    private static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
