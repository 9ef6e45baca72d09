using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// Writes PROXY protocol v2 headers (§2.2) into the caller's buffer and returns the byte count. Used by
/// tests and the load generator to stand in for HAProxy's <c>send-proxy-v2</c>. Arguments that cannot be
/// encoded (mixed families, too long, buffer too small) are caller bugs and throw.
/// </summary>
public static class ProxyV2Writer
{
    private const int CrcTlvLength = 3 + 4;

    /// <summary>Size of a PROXY header for this family with <paramref name="tlvLength"/> bytes of TLVs.</summary>
    public static int GetLength(AddressFamily family, int tlvLength, bool appendCrc32c) =>
        ProxyProtocolConstants.V2PreambleLength + AddressBlockLength(family) + tlvLength + (appendCrc32c ? CrcTlvLength : 0);

    /// <summary>
    /// A PROXY command header carrying <paramref name="source"/> → <paramref name="destinationEndPoint"/>
    /// (both IPv4 or both IPv6), then <paramref name="tlvs"/> as given (see <see cref="WriteTlv"/>), then,
    /// if asked, a PP2_TYPE_CRC32C TLV over the whole header (§2.2.3).
    /// </summary>
    public static int WriteProxy(
        Span<byte> destination,
        IPEndPoint source,
        IPEndPoint destinationEndPoint,
        ReadOnlySpan<byte> tlvs = default,
        bool appendCrc32c = false,
        ProxyTransportProtocol transport = ProxyTransportProtocol.STREAM)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destinationEndPoint);
        AddressFamily family = source.AddressFamily;
        if (destinationEndPoint.AddressFamily != family || family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("Both endpoints must be IPv4 or both IPv6.", nameof(destinationEndPoint));
        }

        if (transport is not (ProxyTransportProtocol.STREAM or ProxyTransportProtocol.DGRAM))
        {
            throw new ArgumentOutOfRangeException(nameof(transport));
        }

        int total = GetLength(family, tlvs.Length, appendCrc32c);
        Span<byte> header = Preamble(destination, total, ProxyCommand.PROXY,
            (byte)(((family == AddressFamily.InterNetwork ? (int)ProxyAddressFamily.AF_INET : (int)ProxyAddressFamily.AF_INET6) << 4) | (int)transport));

        Span<byte> block = header[ProxyProtocolConstants.V2PreambleLength..];
        int size = family == AddressFamily.InterNetwork ? 4 : 16;
        _ = source.Address.TryWriteBytes(block, out _);
        _ = destinationEndPoint.Address.TryWriteBytes(block[size..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(block[(2 * size)..], (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(block[((2 * size) + 2)..], (ushort)destinationEndPoint.Port);

        int written = ProxyProtocolConstants.V2PreambleLength + AddressBlockLength(family);
        tlvs.CopyTo(header[written..]);
        written += tlvs.Length;
        if (appendCrc32c)
        {
            written += WriteTlv(header[written..], (byte)Pp2Type.PP2_TYPE_CRC32C, [0, 0, 0, 0]);
            BinaryPrimitives.WriteUInt32BigEndian(header[(written - 4)..], Crc32C.Compute(header[..written]));
        }

        return written;
    }

    /// <summary>A LOCAL header without addresses (what a proxy sends for its own health checks).</summary>
    public static int WriteLocal(Span<byte> destination)
    {
        _ = Preamble(destination, ProxyProtocolConstants.V2PreambleLength, ProxyCommand.LOCAL, 0x00);
        return ProxyProtocolConstants.V2PreambleLength;
    }

    /// <summary>One TLV: type, 16-bit big-endian length, value. Returns 3 + value length.</summary>
    public static int WriteTlv(Span<byte> destination, byte type, ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A TLV value is at most 65535 bytes.", nameof(value));
        }

        if (destination.Length < 3 + value.Length)
        {
            throw new ArgumentException("The destination buffer is too small.", nameof(destination));
        }

        destination[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)value.Length);
        value.CopyTo(destination[3..]);
        return 3 + value.Length;
    }

    private static Span<byte> Preamble(Span<byte> destination, int total, ProxyCommand command, byte familyTransport)
    {
        if (total - ProxyProtocolConstants.V2PreambleLength > ushort.MaxValue)
        {
            throw new ArgumentException("The header would exceed the 16-bit length field.", nameof(destination));
        }

        if (destination.Length < total)
        {
            throw new ArgumentException("The destination buffer is too small.", nameof(destination));
        }

        ProxyProtocolConstants.V2Signature.CopyTo(destination);
        destination[12] = (byte)((ProxyProtocolConstants.V2Version << 4) | (byte)command);
        destination[13] = familyTransport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)(total - ProxyProtocolConstants.V2PreambleLength));
        return destination[..total];
    }

    private static int AddressBlockLength(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => ProxyProtocolConstants.Inet4AddressBlockLength,
        AddressFamily.InterNetworkV6 => ProxyProtocolConstants.Inet6AddressBlockLength,
        _ => throw new ArgumentException("Only IPv4 and IPv6 endpoints can be written.", nameof(family)),
    };
}
