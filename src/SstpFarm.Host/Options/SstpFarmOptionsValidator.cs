using SstpFarm.ControlPlane.Pools;
using SstpFarm.Host.Configuration;

namespace SstpFarm.Host.Options;

/// <summary>The rules that involve more than one key (each key's own syntax is checked while parsing).</summary>
public static class SstpFarmOptionsValidator
{
    public static IEnumerable<ConfigError> Validate(SstpFarmOptions options, IReadOnlyDictionary<string, string> sources)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sources);
        TlsOptions tls = options.Tls;
        bool certConfigured = sources["cert"] != ConfigLoader.DefaultSource && !sources["cert"].StartsWith("default:", StringComparison.Ordinal);
        if (tls.Disabled)
        {
            if (tls.CertificatePath is not null)
            {
                yield return new ConfigError("cert", tls.CertificatePath, "conflicts with no-tls: TLS is terminated in front of the node");
            }

            if (tls.CertificateHashSha256 is null && tls.CertificateHashSha1 is null)
            {
                yield return new ConfigError("no-tls", "true", "needs cert-hash-sha256 (or cert-hash-sha1): crypto binding hashes the certificate clients see at the balancer");
            }
        }
        else
        {
            if (certConfigured && tls.KeyPath is null)
            {
                yield return new ConfigError("cert", tls.CertificatePath, "needs key as well");
            }

            if (tls.KeyPath is not null && tls.CertificatePath is null)
            {
                yield return new ConfigError("key", tls.KeyPath, "needs cert as well");
            }

            if (tls.KeyPassword is not null && !certConfigured)
            {
                yield return new ConfigError("key-password", ConfigKey.Redacted, "is used only with a configured cert and key (the generated key is not encrypted)");
            }

            if (tls.CertificateHashSha256 is not null)
            {
                yield return new ConfigError("cert-hash-sha256", Convert.ToHexString(tls.CertificateHashSha256), "is used only with no-tls (with TLS here, the hash comes from the certificate)");
            }

            if (tls.CertificateHashSha1 is not null)
            {
                yield return new ConfigError("cert-hash-sha1", Convert.ToHexString(tls.CertificateHashSha1), "is used only with no-tls (with TLS here, the hash comes from the certificate)");
            }
        }

        if (options.Farm.UsesRedis && FarmConnection(options.Farm) is { } farmError)
        {
            yield return farmError;
        }

        foreach (ConfigError error in TicketKeyPush(options, sources))
        {
            yield return error;
        }

        foreach (ConfigError apiError in Api.ApiHosting.Validate(options.Api))
        {
            yield return apiError;
        }

        AddressingOptions addressing = options.Addressing;
        string pools = string.Join(',', addressing.Pools);
        if (addressing.Pools.Count == 0)
        {
            yield return new ConfigError("pool", pools, "needs at least one network");
            yield break;
        }

        for (int i = 0; i < addressing.Pools.Count; i++)
        {
            for (int j = i + 1; j < addressing.Pools.Count; j++)
            {
                if (addressing.Pools[i].Overlaps(addressing.Pools[j]))
                {
                    yield return new ConfigError("pool", pools, $"has overlapping networks {addressing.Pools[i]} and {addressing.Pools[j]}");
                }
            }
        }

        long usable = addressing.Pools.Sum(p => (long)p.UsableRange.Last - p.UsableRange.First + 1);
        if (usable < 2)
        {
            yield return new ConfigError("pool", pools, "is too small: it needs the server's tunnel address and at least one client address");
        }

        if (addressing.TunnelAddress is not null)
        {
            uint tunnel = Ipv4.ToUInt32(addressing.TunnelAddress);
            if (!addressing.Pools.Any(p => tunnel >= p.UsableRange.First && tunnel <= p.UsableRange.Last))
            {
                yield return new ConfigError("tunnel-address", addressing.TunnelAddress.ToString(), $"is not a usable address of pool {pools}");
            }
        }

        if (addressing.DnsServers.Count > 2)
        {
            yield return new ConfigError("dns", string.Join(',', addressing.DnsServers), $"lists {addressing.DnsServers.Count} servers; IPCP carries at most two (RFC 1877)");
        }

        if (options.Authentication.Methods.Count == 0)
        {
            yield return new ConfigError("auth", string.Empty, "needs at least one method: mschapv2, pap or chap-md5");
        }
    }

    /// <summary>The Redis connection as configured (null for a single node), or why the redis keys do not fit together.</summary>
    public static ControlPlane.Redis.Connection.RedisConnectionOptions? RedisConnection(FarmOptions farm, out ConfigError? error)
    {
        ArgumentNullException.ThrowIfNull(farm);
        error = farm switch
        {
            { Redis: { } plain, RedisSentinel: not null } => new ConfigError("redis", plain, "conflicts with redis-sentinel: give one or the other"),
            { RedisSentinel: { } sentinels, RedisService: null } => new ConfigError("redis-sentinel", sentinels, "needs redis-service (the Sentinel service name)"),
            { RedisService: { } service, RedisSentinel: null } => new ConfigError("redis-service", service, "is used only with redis-sentinel"),
            _ => null,
        };
        if (error is not null || !farm.UsesRedis)
        {
            return null;
        }

        if (!ControlPlane.Redis.Connection.RedisConnectionOptions.TryCreate(farm.Redis, farm.RedisSentinel, farm.RedisService, out var connection, out string reason))
        {
            error = new ConfigError(farm.Redis is null ? "redis-sentinel" : "redis", farm.Redis ?? farm.RedisSentinel, reason);
        }

        return connection;
    }

    /// <summary>The ticket-key push to HAProxy needs the farm's ring (Redis) and HAProxy terminating TLS (no-tls).</summary>
    private static IEnumerable<ConfigError> TicketKeyPush(SstpFarmOptions options, IReadOnlyDictionary<string, string> sources)
    {
        FarmOptions farm = options.Farm;
        string runtime = string.Join(',', farm.HaproxyRuntime.Select(e => e.Text));
        if (farm.HaproxyRuntime.Count > 0)
        {
            if (!farm.UsesRedis)
            {
                yield return new ConfigError("haproxy-runtime", runtime, "is used only in farm mode (redis or redis-sentinel): the keys pushed are the farm's shared ring");
            }

            if (!options.Tls.Disabled)
            {
                yield return new ConfigError("haproxy-runtime", runtime, "is used only with no-tls: ticket keys matter only where HAProxy terminates TLS (haproxy-tls.cfg)");
            }

            string? twice = farm.HaproxyRuntime.GroupBy(e => e.Text, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice is not null)
            {
                yield return new ConfigError("haproxy-runtime", runtime, $"lists {twice} twice");
            }
        }
        else if (sources["haproxy-tls-keys"] != ConfigLoader.DefaultSource)
        {
            yield return new ConfigError("haproxy-tls-keys", farm.HaproxyTlsKeys, "is used only with haproxy-runtime");
        }

        if (!farm.UsesRedis && sources["ticket-key-rotation"] != ConfigLoader.DefaultSource)
        {
            yield return new ConfigError("ticket-key-rotation", ValueParsers.Format(farm.TicketKeyRotation), "is used only in farm mode (redis or redis-sentinel): it schedules the farm's shared ring");
        }
    }

    private static ConfigError? FarmConnection(FarmOptions farm)
    {
        _ = RedisConnection(farm, out ConfigError? error);
        return error;
    }
}
