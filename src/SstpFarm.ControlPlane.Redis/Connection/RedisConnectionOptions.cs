using System.Net;

namespace SstpFarm.ControlPlane.Redis.Connection;

/// <summary>
/// Where the farm's Redis is: plain endpoints (<c>--redis host:port[,…]</c>) or a Sentinel
/// service (<c>--redis-sentinel host:port,… --redis-service NAME</c>), plus the timeouts that keep
/// a slow Redis from holding up a caller.
/// </summary>
public sealed record RedisConnectionOptions
{
    public const int DefaultPort = 6379;
    public const int DefaultSentinelPort = 26379;

    /// <summary>Plain Redis endpoints (empty when <see cref="SentinelEndPoints"/> is used).</summary>
    public IReadOnlyList<DnsEndPoint> EndPoints { get; init; } = [];

    /// <summary>Sentinels to ask for the primary of <see cref="ServiceName"/>.</summary>
    public IReadOnlyList<DnsEndPoint> SentinelEndPoints { get; init; } = [];

    /// <summary>The Sentinel service (master) name.</summary>
    public string? ServiceName { get; init; }

    /// <summary>Prefix of every key and channel, so that several farms can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "sstpfarm";

    /// <summary>Tuning default: an unanswered call counts as Unavailable after this; a Redis on the LAN answers in well under 1 ms.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tuning default: how long one connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Tuning default: how often the sentinels are asked for the primary besides the
    /// <c>+switch-master</c> push (which a broken sentinel connection can miss).
    /// </summary>
    public TimeSpan SentinelRecheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Replicas that must acknowledge an ownership transfer (block claim, reuse of a parked
    /// address, static grant) before it is used: what survives a Sentinel failover. 0 with plain
    /// Redis; 1 by default with Sentinel.
    /// </summary>
    public int TransferReplicas { get; init; }

    /// <summary>Tuning default: how long WAIT may block for <see cref="TransferReplicas"/>.</summary>
    public TimeSpan TransferWaitTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public bool UsesSentinel => SentinelEndPoints.Count > 0;

    /// <summary>Builds options from the command-line values; exactly one of the two forms must be given.</summary>
    public static bool TryCreate(string? redis, string? sentinels, string? serviceName, out RedisConnectionOptions? options, out string error)
    {
        options = null;
        bool plain = !string.IsNullOrWhiteSpace(redis);
        bool sentinel = !string.IsNullOrWhiteSpace(sentinels);
        if (plain == sentinel)
        {
            error = plain ? "--redis and --redis-sentinel exclude each other" : "give --redis host:port[,…] or --redis-sentinel host:port,… with --redis-service NAME";
            return false;
        }

        if (sentinel && string.IsNullOrWhiteSpace(serviceName))
        {
            error = "--redis-sentinel needs --redis-service NAME";
            return false;
        }

        if (plain && !string.IsNullOrWhiteSpace(serviceName))
        {
            error = "--redis-service applies only with --redis-sentinel";
            return false;
        }

        if (!TryParseEndPoints(plain ? redis! : sentinels!, plain ? DefaultPort : DefaultSentinelPort, out List<DnsEndPoint> endPoints, out error))
        {
            error = $"{(plain ? "--redis" : "--redis-sentinel")}: {error}";
            return false;
        }

        options = plain
            ? new RedisConnectionOptions { EndPoints = endPoints }
            : new RedisConnectionOptions { SentinelEndPoints = endPoints, ServiceName = serviceName!.Trim(), TransferReplicas = 1 };
        return true;
    }

    /// <summary>"host:port,host:port" (port optional); IPv6 literals in brackets ("[::1]:6379").</summary>
    public static bool TryParseEndPoints(string text, int defaultPort, out List<DnsEndPoint> endPoints, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        endPoints = [];
        foreach (string raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string host = raw;
            int port = defaultPort;
            int colon = raw.LastIndexOf(':');
            bool bracketed = raw.StartsWith('[');
            if (colon > 0 && (!bracketed || raw[colon - 1] == ']') && (bracketed || raw.IndexOf(':', StringComparison.Ordinal) == colon))
            {
                if (!int.TryParse(raw.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out port) || port is < 1 or > 65535)
                {
                    error = $"'{raw}' has no valid port (1..65535)";
                    return false;
                }

                host = raw[..colon];
            }

            host = host.Trim('[', ']');
            if (host.Length == 0 || (Uri.CheckHostName(host) == UriHostNameType.Unknown))
            {
                error = $"'{raw}' is not host:port";
                return false;
            }

            endPoints.Add(new DnsEndPoint(host, port));
        }

        if (endPoints.Count == 0)
        {
            error = "no endpoint given";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
