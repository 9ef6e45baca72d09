using System.Buffers;

namespace SstpFarm.Protocol.ProxyProtocol;

/// <summary>
/// Reads the PROXY protocol header a load balancer puts in front of the client's bytes (v1 text or v2
/// binary, told apart by the first byte as §2.2 describes). HAProxy's <c>send-proxy-v2</c> sends a
/// 28-byte v2 header for IPv4 in the same segment as the client's first bytes, so a single read usually
/// completes it and the rest of that read (the TLS ClientHello) must be kept.
/// </summary>
/// <remarks>
/// Stateless: pass everything received so far on each call; a header is at most
/// <see cref="ProxyProtocolLimits.MaxHeaderBytes"/> long, so re-reading it is cheap. Only listeners
/// configured for the protocol should call this — the spec forbids guessing whether a header is present.
/// </remarks>
public static class ProxyProtocolParser
{
    /// <summary>
    /// Done: <paramref name="header"/> is set and <paramref name="consumed"/> bytes belong to it.
    /// NeedMoreData: call again with more bytes. InvalidData: close; <paramref name="error"/> says why.
    /// </summary>
    public static OperationStatus Parse(ReadOnlySpan<byte> received, ProxyProtocolLimits limits, out ProxyHeader? header, out int consumed, out ProxyProtocolError error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        header = null;
        consumed = 0;
        error = ProxyProtocolError.None;
        if (received.IsEmpty)
        {
            return OperationStatus.NeedMoreData;
        }

        return received[0] == ProxyProtocolConstants.V1Prefix[0]
            ? ProxyV1Parser.Parse(received, out header, out consumed, out error)
            : ProxyV2Parser.Parse(received, limits.MaxHeaderBytes, out header, out consumed, out error);
    }
}
