namespace SstpFarm.DataPlane.Node;

/// <summary>Whether connections start with a PROXY protocol header (HAProxy's <c>send-proxy-v2</c>).</summary>
public enum ProxyProtocolMode
{
    /// <summary>No header expected; bytes are TLS (or HTTP) from the first byte.</summary>
    Off,

    /// <summary>
    /// A header is used when the connection starts with the v1/v2 signature, else the connection is
    /// taken as is. For migrations only: any client can then forge its source address.
    /// </summary>
    Optional,

    /// <summary>Every connection must start with a valid header; others are closed.</summary>
    Required,
}
