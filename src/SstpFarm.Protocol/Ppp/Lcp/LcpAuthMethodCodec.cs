using System.Buffers.Binary;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>The Data of the Authentication-Protocol option: Protocol(2) [+ CHAP Algorithm(1)] (RFC 1661 §6.2, RFC 1994 §3).</summary>
public static class LcpAuthMethodCodec
{
    public const byte ChapAlgorithmMd5 = 0x05;
    public const byte ChapAlgorithmMsChapV2 = 0x81;

    /// <summary>Recognises a method; anything else (other CHAP algorithms, other protocols) is None.</summary>
    public static LcpAuthMethod Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2)
        {
            return LcpAuthMethod.None;
        }

        ushort protocol = BinaryPrimitives.ReadUInt16BigEndian(data);
        return (protocol, data.Length) switch
        {
            (PppProtocol.Pap, 2) => LcpAuthMethod.Pap,
            (PppProtocol.Eap, 2) => LcpAuthMethod.Eap,
            (PppProtocol.Chap, 3) when data[2] == ChapAlgorithmMd5 => LcpAuthMethod.ChapMd5,
            (PppProtocol.Chap, 3) when data[2] == ChapAlgorithmMsChapV2 => LcpAuthMethod.MsChapV2,
            _ => LcpAuthMethod.None,
        };
    }

    /// <summary>Writes the option Data for <paramref name="method"/>; returns its length (0 for None).</summary>
    public static int Write(Span<byte> destination, LcpAuthMethod method)
    {
        switch (method)
        {
            case LcpAuthMethod.Pap:
                BinaryPrimitives.WriteUInt16BigEndian(destination, PppProtocol.Pap);
                return 2;
            case LcpAuthMethod.Eap:
                BinaryPrimitives.WriteUInt16BigEndian(destination, PppProtocol.Eap);
                return 2;
            case LcpAuthMethod.ChapMd5:
            case LcpAuthMethod.MsChapV2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, PppProtocol.Chap);
                destination[2] = method == LcpAuthMethod.ChapMd5 ? ChapAlgorithmMd5 : ChapAlgorithmMsChapV2;
                return 3;
            default:
                return 0;
        }
    }
}
