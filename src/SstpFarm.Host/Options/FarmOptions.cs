using System.Net;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Host.Options;

/// <summary>
/// Farm mode: where the shared control plane lives (Redis, plain or behind Sentinel) and where the
/// HAProxy agent answers. All unset by default: a single node keeps its control plane in memory and
/// needs no agent.
/// </summary>
public sealed class FarmOptions
{
    /// <summary>Plain Redis endpoints, "host:port[,…]" as typed (parsed by the control plane's own parser).</summary>
    public string? Redis { get; set; }

    /// <summary>Sentinels, "host:port,…", asked for the primary of <see cref="RedisService"/>.</summary>
    public string? RedisSentinel { get; set; }

    /// <summary>The Sentinel service (master) name.</summary>
    public string? RedisService { get; set; }

    /// <summary>Where the HAProxy agent-check answers (e.g. 127.0.0.1:9444); null: no agent.</summary>
    public IPEndPoint? Agent { get; set; }

    /// <summary>
    /// Runtime APIs (`stats socket … level admin`) of the TLS-terminating HAProxies the farm's ticket keys
    /// are pushed to (deploy/haproxy/haproxy-tls.cfg); empty: no push.
    /// </summary>
    public IReadOnlyList<HaproxyRuntimeEndpoint> HaproxyRuntime { get; set; } = [];

    /// <summary>
    /// The `tls-ticket-keys` reference in each of those HAProxies: the key file path exactly as in its
    /// config, or <c>#id</c> from `show tls-keys`. Default <c>#0</c>: the first (in the shipped config the
    /// only) bind line with ticket keys.
    /// </summary>
    public string HaproxyTlsKeys { get; set; } = DefaultHaproxyTlsKeys;

    public const string DefaultHaproxyTlsKeys = "#0";

    /// <summary>How often the farm's ticket-key ring rotates. A ticket resumes for about two intervals.</summary>
    public TimeSpan TicketKeyRotation { get; set; } = ControlPlane.InMemory.InMemoryControlPlane.DefaultTicketKeyRotation;

    public bool UsesRedis => Redis is not null || RedisSentinel is not null || RedisService is not null;
}
