namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>Tuning limits of <see cref="ProxyProtocolParser"/>, with validated setters.</summary>
public sealed class ProxyProtocolLimits
{
    /// <summary>
    /// 1024: the spec allows 16 + 65535 bytes, but what HAProxy sends fits easily: 28 bytes for IPv4 and
    /// 52 for IPv6 without TLVs (HAProxy 2.6 default), plus at most a 255-byte AUTHORITY (SNI), a 128-byte
    /// UNIQUE_ID, ALPN, an SSL TLV with version, cipher, algorithms and a 64-character CN, and CRC32C
    /// (under 700 bytes together); a 216-byte AF_UNIX block also fits.
    /// </summary>
    public const int DefaultMaxHeaderBytes = 1024;

    // Smallest value that still admits an AF_UNIX header without TLVs (16 + 216).
    private const int MinHeaderBytes = 232;
    private const int MaxHeaderBytesCeiling = 16 + ushort.MaxValue;

    private int _maxHeaderBytes = DefaultMaxHeaderBytes;

    /// <summary>Largest accepted v2 header (16-byte preamble + address block + TLVs). A v1 line is always ≤ 107 bytes.</summary>
    public int MaxHeaderBytes
    {
        get => _maxHeaderBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinHeaderBytes);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxHeaderBytesCeiling);
            _maxHeaderBytes = value;
        }
    }

    public override string ToString() => $"MaxHeaderBytes={MaxHeaderBytes}";
}
