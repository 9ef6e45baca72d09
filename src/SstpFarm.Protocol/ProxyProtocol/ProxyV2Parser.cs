using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// Binary header, PROXY protocol v2 (haproxy doc/proxy-protocol.txt §2.2).
/// <code>
///  0                   12      13      14              16
/// +---------------------+-------+-------+---------------+-------------------------------+
/// | 0D0A0D0A 000D0A51 5549540A | ver|cmd | fam|proto | len (BE16) | address block + TLVs (len bytes) |
/// +---------------------+-------+-------+---------------+-------------------------------+
/// address block: AF_INET  src(4) dst(4) sport(2) dport(2)         = 12
///                AF_INET6 src(16) dst(16) sport(2) dport(2)       = 36
///                AF_UNIX  src(108) dst(108)                       = 216
/// </code>
/// With AF_UNSPEC the address block is empty and TLVs start right after the preamble (what HAProxy
/// writes). With LOCAL the whole block, TLVs included, is skipped unread, as §2.2 prescribes.
/// </summary>
internal static class ProxyV2Parser
{
    // §2.2: the length is checked against the limit before waiting for the rest of the header.
    public static OperationStatus Parse(ReadOnlySpan<byte> received, int maxHeaderBytes, out ProxyHeader? header, out int consumed, out ProxyProtocolError error)
    {
        header = null;
        consumed = 0;
        ReadOnlySpan<byte> signature = ProxyProtocolConstants.V2Signature;
        if (!received[..Math.Min(received.Length, signature.Length)].SequenceEqual(signature[..Math.Min(received.Length, signature.Length)]))
        {
            error = ProxyProtocolError.NotProxyProtocol;
            return OperationStatus.InvalidData;
        }

        error = received.Length > 12 ? CheckVersionAndCommand(received[12]) : ProxyProtocolError.None;
        if (error != ProxyProtocolError.None || received.Length < ProxyProtocolConstants.V2PreambleLength)
        {
            return error == ProxyProtocolError.None ? OperationStatus.NeedMoreData : OperationStatus.InvalidData;
        }

        int total = ProxyProtocolConstants.V2PreambleLength + BinaryPrimitives.ReadUInt16BigEndian(received[14..]);
        if (total > maxHeaderBytes)
        {
            error = ProxyProtocolError.HeaderTooLarge;
            return OperationStatus.InvalidData;
        }

        if (received.Length < total)
        {
            return OperationStatus.NeedMoreData;
        }

        var command = (ProxyCommand)(received[12] & 0x0F);
        var family = (ProxyAddressFamily)(received[13] >> 4);
        var transport = (ProxyTransportProtocol)(received[13] & 0x0F);
        ReadOnlySpan<byte> whole = received[..total];

        if (command == ProxyCommand.LOCAL)
        {
            // §2.2: "the receiver must accept this connection as valid and must use the real connection
            // endpoints and discard the protocol block including the family which is ignored."
            header = new ProxyHeader(2, command, ProxyAddressFamily.AF_UNSPEC, ProxyTransportProtocol.UNSPEC, total);
        }
        else
        {
            int addressLength = AddressBlockLength(received[13]);
            if (addressLength < 0)
            {
                error = ProxyProtocolError.UnsupportedAddressFamily;
                return OperationStatus.InvalidData;
            }

            if (total - ProxyProtocolConstants.V2PreambleLength < addressLength)
            {
                error = ProxyProtocolError.AddressBlockTruncated;
                return OperationStatus.InvalidData;
            }

            header = new ProxyHeader(2, command, family, transport, total);
            ReadOnlySpan<byte> block = whole[ProxyProtocolConstants.V2PreambleLength..];
            ReadAddresses(header, family, block[..addressLength]);
            error = ReadTlvs(header, whole, ProxyProtocolConstants.V2PreambleLength + addressLength);
            if (error != ProxyProtocolError.None)
            {
                header = null;
                return OperationStatus.InvalidData;
            }
        }

        consumed = total;
        return OperationStatus.Done;
    }

    private static ProxyProtocolError CheckVersionAndCommand(byte versionCommand) =>
        (versionCommand >> 4) != ProxyProtocolConstants.V2Version ? ProxyProtocolError.UnsupportedVersion
        : (versionCommand & 0x0F) > (byte)ProxyCommand.PROXY ? ProxyProtocolError.UnsupportedCommand
        : ProxyProtocolError.None;

    // §2.2 "In practice, the following protocol bytes are expected"; anything else must be rejected.
    private static int AddressBlockLength(byte familyTransport) => familyTransport switch
    {
        0x00 => 0,
        0x11 or 0x12 => ProxyProtocolConstants.Inet4AddressBlockLength,
        0x21 or 0x22 => ProxyProtocolConstants.Inet6AddressBlockLength,
        0x31 or 0x32 => ProxyProtocolConstants.UnixAddressBlockLength,
        _ => -1,
    };

    private static void ReadAddresses(ProxyHeader header, ProxyAddressFamily family, ReadOnlySpan<byte> block)
    {
        switch (family)
        {
            case ProxyAddressFamily.AF_INET:
            case ProxyAddressFamily.AF_INET6:
                int size = family == ProxyAddressFamily.AF_INET ? 4 : 16;
                header.Source = new IPEndPoint(new IPAddress(block[..size]), BinaryPrimitives.ReadUInt16BigEndian(block[(2 * size)..]));
                header.Destination = new IPEndPoint(new IPAddress(block.Slice(size, size)), BinaryPrimitives.ReadUInt16BigEndian(block[((2 * size) + 2)..]));
                break;
            case ProxyAddressFamily.AF_UNIX:
                header.SourceUnixPath = UnixPath(block[..108]);
                header.DestinationUnixPath = UnixPath(block[108..]);
                break;
        }
    }

    private static string UnixPath(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? field : field[..nul]);
    }

    // §2.2.1-§2.2.7. Unknown types are skipped; registered ones may appear once (NOOP any number of times).
    private static ProxyProtocolError ReadTlvs(ProxyHeader header, ReadOnlySpan<byte> whole, int tlvStart)
    {
        var reader = new ProxyTlvReader(whole[tlvStart..]);
        int crcValueOffset = -1;
        uint seen = 0;
        while (true)
        {
            int tlvOffset = tlvStart + reader.Offset;
            if (!reader.TryRead(out byte type, out ReadOnlySpan<byte> value))
            {
                break;
            }

            uint bit = SeenBit(type);
            if ((seen & bit) != 0)
            {
                return ProxyProtocolError.DuplicateTlv;
            }

            seen |= bit;

            switch ((Pp2Type)type)
            {
                case Pp2Type.PP2_TYPE_ALPN:
                    header.Alpn = Encoding.ASCII.GetString(value);
                    break;
                case Pp2Type.PP2_TYPE_AUTHORITY:
                    header.Authority = Encoding.UTF8.GetString(value);
                    break;
                case Pp2Type.PP2_TYPE_CRC32C when value.Length == 4:
                    crcValueOffset = tlvOffset + 3;
                    break;
                case Pp2Type.PP2_TYPE_UNIQUE_ID when value.Length <= ProxyProtocolConstants.MaxUniqueIdLength:
                    header.UniqueId = value.ToArray();
                    break;
                case Pp2Type.PP2_TYPE_SSL:
                    header.Ssl = ReadSsl(value);
                    if (header.Ssl is null)
                    {
                        return ProxyProtocolError.InvalidTlv;
                    }

                    break;
                case Pp2Type.PP2_TYPE_NETNS:
                    header.NetworkNamespace = Encoding.ASCII.GetString(value);
                    break;
                case Pp2Type.PP2_TYPE_CRC32C:
                case Pp2Type.PP2_TYPE_UNIQUE_ID:
                    return ProxyProtocolError.InvalidTlv;
            }
        }

        if (reader.IsMalformed)
        {
            return ProxyProtocolError.InvalidTlv;
        }

        if (crcValueOffset >= 0)
        {
            // §2.2.3: checksum of the whole header with the 32 checksum bits replaced by zeros.
            uint running = Crc32C.Append(Crc32C.Start, whole[..crcValueOffset]);
            running = Crc32C.Append(running, [0, 0, 0, 0]);
            running = Crc32C.Append(running, whole[(crcValueOffset + 4)..]);
            if (Crc32C.Finish(running) != BinaryPrimitives.ReadUInt32BigEndian(whole[crcValueOffset..]))
            {
                return ProxyProtocolError.ChecksumMismatch;
            }

            header.ChecksumVerified = true;
        }

        return ProxyProtocolError.None;
    }

    private static uint SeenBit(byte type) => type switch
    {
        (byte)Pp2Type.PP2_TYPE_ALPN => 1u << 0,
        (byte)Pp2Type.PP2_TYPE_AUTHORITY => 1u << 1,
        (byte)Pp2Type.PP2_TYPE_CRC32C => 1u << 2,
        (byte)Pp2Type.PP2_TYPE_UNIQUE_ID => 1u << 3,
        (byte)Pp2Type.PP2_TYPE_SSL => 1u << 4,
        (byte)Pp2Type.PP2_TYPE_NETNS => 1u << 5,
        _ => 0,
    };

    // §2.2.6: struct pp2_tlv_ssl { uint8_t client; uint32_t verify; struct pp2_tlv sub_tlv[0]; }
    private static ProxySslInfo? ReadSsl(ReadOnlySpan<byte> value)
    {
        if (value.Length < 5)
        {
            return null;
        }

        var ssl = new ProxySslInfo((Pp2ClientFlags)value[0], BinaryPrimitives.ReadUInt32BigEndian(value[1..]));
        var reader = new ProxyTlvReader(value[5..]);
        while (reader.TryRead(out byte type, out ReadOnlySpan<byte> sub))
        {
            switch ((Pp2Type)type)
            {
                case Pp2Type.PP2_SUBTYPE_SSL_VERSION:
                    ssl.Version = Encoding.ASCII.GetString(sub);
                    break;
                case Pp2Type.PP2_SUBTYPE_SSL_CN:
                    ssl.CommonName = Encoding.UTF8.GetString(sub);
                    break;
                case Pp2Type.PP2_SUBTYPE_SSL_CIPHER:
                    ssl.Cipher = Encoding.ASCII.GetString(sub);
                    break;
                case Pp2Type.PP2_SUBTYPE_SSL_SIG_ALG:
                    ssl.SignatureAlgorithm = Encoding.ASCII.GetString(sub);
                    break;
                case Pp2Type.PP2_SUBTYPE_SSL_KEY_ALG:
                    ssl.KeyAlgorithm = Encoding.ASCII.GetString(sub);
                    break;
            }
        }

        return reader.IsMalformed ? null : ssl;
    }
}
