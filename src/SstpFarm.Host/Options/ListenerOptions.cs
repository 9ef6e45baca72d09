using System.Net;

namespace SstpFarm.Host.Options;

public sealed class ListenerOptions
{
    /// <summary>SSTP is HTTPS: clients dial TCP 443 (MS-SSTP §2.1). All IPv4 interfaces by default.</summary>
    public IPEndPoint Listen { get; set; } = new(IPAddress.Any, 443);

    /// <summary>Off unless a balancer sends PROXY v2 headers (accepting them from anyone lets clients forge their address).</summary>
    public ProxyProtocolMode ProxyProtocol { get; set; } = ProxyProtocolMode.Off;

    /// <summary>Tuning default: bounds memory and file descriptors of one node; raise it for big boxes.</summary>
    public int MaxSessions { get; set; } = 10_000;
}

/// <summary>Whether connections start with a PROXY protocol v2 header (HAProxy's `send-proxy-v2`).</summary>
public enum ProxyProtocolMode
{
    Off,

    /// <summary>Accept connections with or without the header (migration only: a client can forge it).</summary>
    Optional,
    Required,
}
