namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>
/// How a <see cref="Farm"/> is put together. Default: TLS on the nodes behind one haproxy-tcp.cfg.
/// <see cref="TlsAtHaproxy"/>: haproxy-tls.cfg instances terminate TLS with the farm's certificate, the
/// nodes run with no-tls and its hash, and push the ring's ticket keys to every HAProxy's runtime API.
/// </summary>
internal sealed record FarmLayout
{
    public static FarmLayout TlsOnNodes { get; } = new();

    public bool TlsTerminatedByHaproxy { get; init; }

    public int Haproxies { get; init; } = 1;

    /// <summary>The nodes' --log-level (information shows the ticket-key pusher's lines).</summary>
    public string NodeLogLevel { get; init; } = "warning";

    /// <summary>
    /// The nodes' --handshake-timeout: the time a connection may stay silent before its HTTP request.
    /// Short with TLS at HAProxy, where `openssl s_client` probes connect through to a node and send nothing.
    /// </summary>
    public string NodeHandshakeTimeout { get; init; } = "10s";

    public static FarmLayout TlsAtHaproxy(int haproxies) =>
        new() { TlsTerminatedByHaproxy = true, Haproxies = haproxies, NodeLogLevel = "information", NodeHandshakeTimeout = "2s" };
}
