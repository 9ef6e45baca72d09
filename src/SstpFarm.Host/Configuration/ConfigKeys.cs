using System.Globalization;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Configuration;

/// <summary>
/// Every setting of `sstpfarm run`, defined once: the command-line options and the config-file
/// keys are generated from this list, so they cannot drift apart. Defaults and their provenance
/// live on the options classes (<see cref="SstpFarmOptions"/>).
/// </summary>
public static class ConfigKeys
{
    private static readonly (string, ProxyProtocolMode)[] ProxyModes = [("off", ProxyProtocolMode.Off), ("optional", ProxyProtocolMode.Optional), ("required", ProxyProtocolMode.Required)];
    private static readonly (string, AuthMethod)[] AuthMethods = [("mschapv2", AuthMethod.MsChapV2), ("pap", AuthMethod.Pap), ("chap-md5", AuthMethod.ChapMd5)];
    private static readonly (string, HostLogLevel)[] LogLevels = Enum.GetValues<HostLogLevel>().Select(l => (l.ToString().ToLowerInvariant(), l)).ToArray();

    public static IReadOnlyList<ConfigKey> All { get; } =
    [
        ConfigKey.Scalar<System.Net.IPEndPoint>("listen", "Address and port to accept SSTP connections on (ADDR:PORT, [ADDR6]:PORT).",
            ValueParsers.EndPoint, (o, v) => o.Listener.Listen = v, o => o.Listener.Listen.ToString()),
        ConfigKey.Scalar<ProxyProtocolMode>("proxy-protocol", "PROXY protocol v2 from a balancer: off, optional or required.",
            ValueParsers.Choice(ProxyModes), (o, v) => o.Listener.ProxyProtocol = v, o => NameOf(ProxyModes, o.Listener.ProxyProtocol)),
        ConfigKey.Scalar<int>("max-sessions", "Most concurrent sessions this node accepts.",
            ValueParsers.Integer(1, 1_000_000), (o, v) => o.Listener.MaxSessions = v, o => Number(o.Listener.MaxSessions), kind: ConfigKeyKind.Number),

        ConfigKey.Scalar<string>("cert", "PEM certificate (full chain). Default: a self-signed one generated in the state directory.",
            ValueParsers.NonEmpty, (o, v) => o.Tls.CertificatePath = v, o => o.Tls.CertificatePath),
        ConfigKey.Scalar<string>("key", "PEM private key of --cert.",
            ValueParsers.NonEmpty, (o, v) => o.Tls.KeyPath = v, o => o.Tls.KeyPath),
        ConfigKey.Scalar<string>("key-password", "Password of an encrypted PEM key (prefer the config file: command lines are visible to other users).",
            ValueParsers.NonEmpty, (o, v) => o.Tls.KeyPassword = v, o => o.Tls.KeyPassword, secret: true),
        ConfigKey.Scalar<string>("cert-host-name", "Subject and DNS name of the generated certificate. Default: the host name.",
            ValueParsers.HostName, (o, v) => o.Tls.CertificateHostName = v, o => o.Tls.CertificateHostName),
        ConfigKey.Flag("no-tls", "TLS is terminated by a balancer; needs --cert-hash-sha256 and/or --cert-hash-sha1.",
            (o, v) => o.Tls.Disabled = v, o => o.Tls.Disabled),
        ConfigKey.Scalar<byte[]>("cert-hash-sha256", "With --no-tls: SHA-256 fingerprint of the certificate clients see at the balancer.",
            ValueParsers.Hash(32, "SHA-256"), (o, v) => o.Tls.CertificateHashSha256 = v, o => Hex(o.Tls.CertificateHashSha256)),
        ConfigKey.Scalar<byte[]>("cert-hash-sha1", "With --no-tls: SHA-1 fingerprint of that certificate.",
            ValueParsers.Hash(20, "SHA-1"), (o, v) => o.Tls.CertificateHashSha1 = v, o => Hex(o.Tls.CertificateHashSha1)),

        ConfigKey.ListOf<ControlPlane.Pools.Ipv4Cidr>("pool", "IPv4 networks (CIDR) client addresses come from; repeatable.",
            ValueParsers.Cidr, (o, v) => o.Addressing.Pools = v, o => o.Addressing.Pools.Select(p => p.ToString())),
        ConfigKey.Scalar<System.Net.IPAddress>("tunnel-address", "The server's own PPP address. Default: the first usable pool address.",
            ValueParsers.Ipv4Address, (o, v) => o.Addressing.TunnelAddress = v, o => o.Addressing.EffectiveTunnelAddress.ToString()),
        ConfigKey.ListOf<System.Net.IPAddress>("dns", "DNS server pushed to clients (at most two); repeatable.",
            ValueParsers.Ipv4Address, (o, v) => o.Addressing.DnsServers = v, o => o.Addressing.DnsServers.Select(a => a.ToString())),
        ConfigKey.Scalar<string>("tun", "Name of the TUN device.",
            ValueParsers.InterfaceName, (o, v) => o.Addressing.TunName = v, o => o.Addressing.TunName),
        ConfigKey.Scalar<int>("mtu", "Tunnel MTU (576..4087).",
            ValueParsers.Integer(576, 4087), (o, v) => o.Addressing.Mtu = v, o => Number(o.Addressing.Mtu), kind: ConfigKeyKind.Number),
        ConfigKey.Flag("nat", "Masquerade client traffic leaving the node (nftables rule installed at start, removed at exit).",
            (o, v) => o.Addressing.Nat = v, o => o.Addressing.Nat),
        ConfigKey.Scalar<TimeSpan>("address-cooldown", "Time before an address freed by one user is given to another.",
            ValueParsers.Duration(TimeSpan.Zero, TimeSpan.FromHours(1)), (o, v) => o.Addressing.AddressCooldown = v, o => ValueParsers.Format(o.Addressing.AddressCooldown)),

        ConfigKey.ListOf<AuthMethod>("auth", "PPP authentication methods offered: mschapv2, pap, chap-md5 (chap-md5 needs users added with --reversible-secret).",
            ValueParsers.Choice(AuthMethods), (o, v) => o.Authentication.Methods = v, o => o.Authentication.Methods.Select(m => NameOf(AuthMethods, m))),
        ConfigKey.Scalar<string>("users", "Local user file (see `sstpfarm users`). Default: users.json in the state directory.",
            ValueParsers.NonEmpty, (o, v) => o.Authentication.UsersFile = v, o => o.Authentication.UsersFile),

        ConfigKey.Scalar<TimeSpan>("handshake-timeout", "Longest time from accept to a complete SSTP HTTP request (PROXY header and TLS included).",
            ValueParsers.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)), (o, v) => o.Timeouts.Handshake = v, o => ValueParsers.Format(o.Timeouts.Handshake)),
        ConfigKey.Scalar<TimeSpan>("negotiation-timeout", "Longest SSTP negotiation (HTTP 200 to Call Connected).",
            ValueParsers.Duration(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)), (o, v) => o.Timeouts.Negotiation = v, o => ValueParsers.Format(o.Timeouts.Negotiation)),
        ConfigKey.Scalar<TimeSpan>("hello-interval", "Idle time before an SSTP Echo Request (and before a silent peer is dropped).",
            ValueParsers.Duration(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)), (o, v) => o.Timeouts.Hello = v, o => ValueParsers.Format(o.Timeouts.Hello)),

        ConfigKey.Scalar<string>("redis", "Farm mode: the shared control plane in Redis (host:port[,…], default port 6379).",
            ValueParsers.EndPointList(ControlPlane.Redis.Connection.RedisConnectionOptions.DefaultPort), (o, v) => o.Farm.Redis = v, o => o.Farm.Redis),
        ConfigKey.Scalar<string>("redis-sentinel", "Farm mode behind Sentinel: the sentinels (host:port,…, default port 26379); needs redis-service.",
            ValueParsers.EndPointList(ControlPlane.Redis.Connection.RedisConnectionOptions.DefaultSentinelPort), (o, v) => o.Farm.RedisSentinel = v, o => o.Farm.RedisSentinel),
        ConfigKey.Scalar<string>("redis-service", "The Sentinel service (master) name of the farm's Redis.",
            ValueParsers.Identifier, (o, v) => o.Farm.RedisService = v, o => o.Farm.RedisService),
        ConfigKey.Scalar<System.Net.IPEndPoint>("agent", "HAProxy agent-check address (ADDR:PORT, e.g. 127.0.0.1:9444): answers up/drain and a weight from the load. Default: off.",
            ValueParsers.EndPoint, (o, v) => o.Farm.Agent = v, o => o.Farm.Agent?.ToString()),
        ConfigKey.ListOf<DataPlane.Balancer.HaproxyRuntimeEndpoint>("haproxy-runtime", "Farm with no-tls: runtime APIs of the TLS-terminating HAProxies to push the farm's TLS ticket keys to (unix:/run/haproxy/admin.sock, tcp:10.0.0.5:9999); repeatable.",
            ValueParsers.HaproxyRuntime, (o, v) => o.Farm.HaproxyRuntime = v, o => o.Farm.HaproxyRuntime.Select(e => e.Text)),
        // The next two are shown only where they take effect: a single node's effective configuration reads back without them.
        ConfigKey.Scalar<string>("haproxy-tls-keys", "The tls-ticket-keys reference in those HAProxies: the key file path as in haproxy.cfg, or #ID from `show tls-keys`.",
            ValueParsers.TlsKeysReference, (o, v) => o.Farm.HaproxyTlsKeys = v, o => o.Farm.HaproxyRuntime.Count > 0 ? o.Farm.HaproxyTlsKeys : null),
        ConfigKey.Scalar<TimeSpan>("ticket-key-rotation", "Farm: how often the shared TLS ticket keys rotate (a ticket resumes for about two intervals).",
            ValueParsers.Duration(TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)), (o, v) => o.Farm.TicketKeyRotation = v, o => o.Farm.UsesRedis ? ValueParsers.Format(o.Farm.TicketKeyRotation) : null),

        ConfigKey.Scalar<Uri>("otlp-endpoint", "OpenTelemetry collector URL for metrics, traces and logs (wins over OTEL_EXPORTER_OTLP_ENDPOINT). Default: off.",
            Telemetry.TelemetryValueParsers.Endpoint, (o, v) => o.Telemetry.OtlpEndpoint = v, o => o.Telemetry.OtlpEndpoint?.ToString()),
        ConfigKey.Scalar<string>("otlp-protocol", "OTLP protocol: grpc or http/protobuf (wins over OTEL_EXPORTER_OTLP_PROTOCOL). Default: grpc.",
            Telemetry.TelemetryValueParsers.Protocol, (o, v) => o.Telemetry.OtlpProtocol = v, o => o.Telemetry.OtlpProtocol),
        ConfigKey.Scalar<string>("service-name", "service.name of the exported telemetry (wins over OTEL_SERVICE_NAME). Default: sstpfarm.",
            ValueParsers.NonEmpty, (o, v) => o.Telemetry.ServiceName = v, o => o.Telemetry.ServiceName),

        ConfigKey.Scalar<string>("state-dir", "Directory for generated files (certificate, default user file).",
            ValueParsers.NonEmpty, (o, v) => o.StateDirectory = v, o => o.StateDirectory),
        ConfigKey.Scalar<string>("node-id", "This node's id in the control plane. Default: the host name.",
            ValueParsers.Identifier, (o, v) => o.NodeId = v, o => o.NodeId),
        ConfigKey.Scalar<HostLogLevel>("log-level", "trace, debug, information, warning, error, critical or none.",
            ValueParsers.Choice(LogLevels), (o, v) => o.LogLevel = v, o => NameOf(LogLevels, o.LogLevel)),

        .. Api.ApiHosting.Keys,
    ];

    public static ConfigKey? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The known key closest to a misspelt one, for "did you mean" hints.</summary>
    public static string? Suggest(string name)
    {
        (ConfigKey Key, int Distance) best = All.Select(k => (k, Distance(k.Name, name.ToLowerInvariant()))).MinBy(x => x.Item2);
        return best.Distance <= Math.Max(2, name.Length / 3) ? best.Key.Name : null;
    }

    private static string NameOf<T>((string Name, T Value)[] choices, T value) => choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Name;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Hex(byte[]? value) => value is null ? null : Convert.ToHexString(value);

    private static int Distance(string a, string b)
    {
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int[] current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
