using System.Net;

namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// A parsed PROXY protocol header (v1 or v2). When <see cref="Source"/> is null (LOCAL command, AF_UNSPEC,
/// AF_UNIX, v1 UNKNOWN) the connection's real endpoints apply (§2.1, §2.2).
/// </summary>
public sealed class ProxyHeader
{
    internal ProxyHeader(int version, ProxyCommand command, ProxyAddressFamily family, ProxyTransportProtocol transport, int headerLength)
    {
        Version = version;
        Command = command;
        Family = family;
        Transport = transport;
        HeaderLength = headerLength;
    }

    /// <summary>1 (text line) or 2 (binary).</summary>
    public int Version { get; }

    public ProxyCommand Command { get; }

    public ProxyAddressFamily Family { get; }

    public ProxyTransportProtocol Transport { get; }

    /// <summary>Bytes of the header; the client's own bytes start right after.</summary>
    public int HeaderLength { get; }

    /// <summary>The original client (AF_INET/AF_INET6 with the PROXY command only).</summary>
    public IPEndPoint? Source { get; internal set; }

    /// <summary>The address the client connected to.</summary>
    public IPEndPoint? Destination { get; internal set; }

    /// <summary>AF_UNIX source path (up to the first NUL of the 108-byte field).</summary>
    public string? SourceUnixPath { get; internal set; }

    public string? DestinationUnixPath { get; internal set; }

    /// <summary>PP2_TYPE_ALPN as text, e.g. "http/1.1".</summary>
    public string? Alpn { get; internal set; }

    /// <summary>PP2_TYPE_AUTHORITY: the SNI host name the client sent.</summary>
    public string? Authority { get; internal set; }

    /// <summary>PP2_TYPE_UNIQUE_ID (≤ 128 opaque bytes) for correlating logs with the proxy.</summary>
    public byte[]? UniqueId { get; internal set; }

    public ProxySslInfo? Ssl { get; internal set; }

    /// <summary>PP2_TYPE_NETNS: the proxy-side network namespace name.</summary>
    public string? NetworkNamespace { get; internal set; }

    /// <summary>True if the header carried PP2_TYPE_CRC32C (and therefore it matched).</summary>
    public bool ChecksumVerified { get; internal set; }
}
