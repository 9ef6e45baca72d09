using System.Net;

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

    public bool UsesRedis => Redis is not null || RedisSentinel is not null || RedisService is not null;
}
