using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.Client;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Redis.Commands;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Sessions;
using SstpFarm.ControlPlane.Redis.TicketKeys;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Users;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Protocol.Auth;
using StackExchange.Redis;

namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>
/// The whole farm for one test: redis-server, three nodes (node1..node3, each in its own network
/// namespace, sharing one certificate, one user file and one pool through Redis), and the shipped
/// haproxy-tcp.cfg on 127.0.0.1 in front; plus the views a test checks (registry, leases, HAProxy).
/// </summary>
internal sealed class Farm : IAsyncDisposable
{
    public const string Pool = "10.99.0.0/20";
    public const string Password = "Farm-Pa55";

    /// <summary>The nodes' own tunnel address (the first pool address): each node's kernel answers pings to it.</summary>
    public static readonly IPAddress ServerTunnelAddress = IPAddress.Parse("10.99.0.1");

    /// <summary>The Sentinel service name of <see cref="FarmRedis.Sentinel"/>.</summary>
    public const string SentinelService = "sstpfarm";

    private readonly TempDirectory _dir;
    private readonly RedisServer _redis;
    private readonly IReadOnlyList<RedisServer> _extraRedis;
    private readonly List<(HaproxyInstance Instance, int Port)> _haproxies;
    private readonly IReadOnlyList<(string Config, Dictionary<string, string> Environment)> _haproxySetups;
    private readonly RedisConnection _connection;
    private readonly byte[] _pin;

    private Farm(TempDirectory dir, RedisServer redis, IReadOnlyList<RedisServer> extraRedis, IReadOnlyList<FarmNode> nodes, List<(HaproxyInstance Instance, int Port)> haproxies, IReadOnlyList<(string, Dictionary<string, string>)> haproxySetups, RedisConnection connection, byte[] pin)
    {
        _dir = dir;
        _redis = redis;
        _extraRedis = extraRedis;
        Nodes = nodes;
        _haproxies = haproxies;
        _haproxySetups = haproxySetups;
        HaproxyPort = haproxies[0].Port;
        _connection = connection;
        _pin = pin;
        Registry = new RedisSessionRegistry(connection, TimeProvider.System);
        Commands = new RedisNodeCommands(connection, "cluster-test", TimeProvider.System);
        TicketKeys = new RedisTicketKeyRing(connection, "cluster-test", TimeProvider.System, TimeSpan.FromHours(1));
    }

    public IReadOnlyList<FarmNode> Nodes { get; }

    /// <summary>The Redis the farm started with (the first primary with Sentinel).</summary>
    public RedisServer Redis => _redis;

    /// <summary>With <see cref="FarmRedis.Sentinel"/>: the replica, then the sentinel.</summary>
    public IReadOnlyList<RedisServer> ExtraRedis => _extraRedis;

    /// <summary>The test's own connection to the farm's Redis (follows a Sentinel failover).</summary>
    public RedisConnection Connection => _connection;

    public int HaproxyPort { get; }

    public RedisSessionRegistry Registry { get; }

    /// <summary>Sends commands to the nodes, as an operator tool would.</summary>
    public RedisNodeCommands Commands { get; }

    /// <summary>The farm's ticket-key ring (read it, or force a rotation as an operator tool would).</summary>
    public RedisTicketKeyRing TicketKeys { get; }

    /// <summary>SHA-256 of the farm's certificate (clients pin it; with TLS at HAProxy the nodes bind crypto binding to it).</summary>
    public byte[] CertificateSha256 => _pin;

    /// <summary>Every HAProxy in front (one unless the layout asks for more) and where clients reach it.</summary>
    public IReadOnlyList<(HaproxyInstance Instance, int Port)> Haproxies => _haproxies;

    public static string UserName(int i) => "user" + i.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The farm with its Redis as <paramref name="mode"/> says, and the default layout.</summary>
    public static Task<Farm> StartAsync(int users, FarmRedis mode) => StartAsync(users, null, mode);

    public static async Task<Farm> StartAsync(int users, FarmLayout? layout = null, FarmRedis mode = FarmRedis.Plain)
    {
        layout ??= FarmLayout.TlsOnNodes;
        Prerequisites.RequireRootAndTun();
        _ = Tools.Haproxy;
        var dir = new TempDirectory();
        RedisServer? redis = null;
        var extraRedis = new List<RedisServer>();
        var nodes = new List<FarmNode>();
        var haproxies = new List<(HaproxyInstance Instance, int Port)>();
        try
        {
            (string cert, string key, byte[] pin) = WriteCertificate(dir);
            string usersFile = WriteUsers(dir, users);
            int subnetBase = Environment.ProcessId % 60 * 4;
            string[] haproxyNames = [.. Enumerable.Range(1, layout.Haproxies).Select(i => i == 1 ? "haproxy" : "haproxy" + i.ToString(CultureInfo.InvariantCulture))];
            string[] tls = TlsArguments(layout, cert, key, pin, [.. haproxyNames.Select(n => dir.File(n + ".sock"))]);
            for (int i = 1; i <= 3; i++)
            {
                string id = "node" + i.ToString(CultureInfo.InvariantCulture);
                string state = Path.Combine(dir.Path, id);
                nodes.Add(FarmNode.Create(id, subnetBase + i, (node, root) =>
                [
                    "--node-id", id, "--listen", $"{node}:{FarmNode.SstpPort}", "--agent", $"{node}:{FarmNode.AgentPort}",
                    "--proxy-protocol", "required", .. RedisArguments(mode, root, nodes[0].RootAddress, redis!, extraRedis),
                    .. tls, "--handshake-timeout", layout.NodeHandshakeTimeout, "--users", usersFile, "--state-dir", state,
                    "--pool", Pool, "--tun", "sstp0", "--auth", "mschapv2", "--log-level", layout.NodeLogLevel,
                ]));
            }

            // With Sentinel every node must reach the same addresses: node1's root end (each node
            // namespace routes to the root namespace through its own veth).
            string shared = nodes[0].RootAddress.ToString();
            redis = await RedisServer.StartAsync(persistent: mode != FarmRedis.Plain);
            if (mode == FarmRedis.Sentinel)
            {
                string primaryPort = redis.Port.ToString(CultureInfo.InvariantCulture);
                extraRedis.Add(await RedisServer.StartAsync(persistent: true, "--replicaof", shared, primaryPort, "--replica-announce-ip", shared));
                extraRedis.Add(await RedisServer.StartSentinelAsync(SentinelService, shared, redis.Port, quorum: 1));
            }

            foreach (FarmNode node in nodes)
            {
                node.Start();
            }

            await Task.WhenAll(nodes.Select(n => n.WaitServingAsync(TimeSpan.FromSeconds(60))));
            var setups = new List<(string, Dictionary<string, string>)>();
            foreach (string name in haproxyNames)
            {
                int port = FreePort.Next();
                (string config, Dictionary<string, string> environment) = await HaproxySetupAsync(layout, dir, name, port, nodes, cert, key);
                setups.Add((config, environment));
                haproxies.Add((await HaproxyInstance.StartAsync(config, environment), port));
            }

            RedisConnection connection = await RedisConnection.ConnectAsync(mode == FarmRedis.Sentinel
                ? new RedisConnectionOptions { SentinelEndPoints = [new DnsEndPoint("127.0.0.1", extraRedis[^1].Port)], ServiceName = SentinelService }
                : new RedisConnectionOptions { EndPoints = [new DnsEndPoint("127.0.0.1", redis.Port)] });
            var farm = new Farm(dir, redis, extraRedis, nodes, haproxies, setups, connection, pin);
            await farm.WaitPastRecoveryWindowAsync();
            return farm;
        }
        catch
        {
            foreach ((HaproxyInstance haproxy, int _) in haproxies)
            {
                await haproxy.DisposeAsync();
            }

            foreach (FarmNode node in nodes)
            {
                node.Dispose();
            }

            foreach (RedisServer extra in extraRedis)
            {
                extra.Dispose();
            }

            redis?.Dispose();
            dir.Dispose();
            throw;
        }
    }

    private static string[] RedisArguments(FarmRedis mode, IPAddress root, IPAddress shared, RedisServer redis, List<RedisServer> extra) => mode == FarmRedis.Sentinel
        ? ["--redis-sentinel", $"{shared}:{extra[^1].Port}", "--redis-service", SentinelService]
        : ["--redis", $"{root}:{redis.Port}"];

    /// <summary>
    /// Until the nodes have created the pool (its <c>meta</c> record), and past its recovery window
    /// if it has one: a brand-new pool has none (first start, docs/farm.md), a recovered one 15 s.
    /// </summary>
    private async Task WaitPastRecoveryWindowAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            RedisOutcome<RedisValue> until = await _connection.RunAsync(db => db.HashGetAsync(_connection.Keys.Pool("default") + "meta", "recoverUntil"));
            if (until.Available && until.Value.HasValue)
            {
                var end = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)until.Value!, CultureInfo.InvariantCulture));
                TimeSpan left = end - DateTimeOffset.UtcNow;
                if (left > TimeSpan.Zero)
                {
                    await Task.Delay(left + TimeSpan.FromMilliseconds(500));
                }

                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("the nodes never created the pool in Redis");
            }

            await Task.Delay(200);
        }
    }

    public FarmNode Node(string id) => Nodes.Single(n => n.Id == id);

    /// <summary>One SSTP session through HAProxy, as <paramref name="user"/>.</summary>
    public Task<SstpClientSession> ConnectAsync(string user, CancellationToken cancellationToken = default) =>
        ConnectAsync(user, HaproxyPort, null, cancellationToken);

    /// <summary>One SSTP session through the HAProxy on <paramref name="port"/>, from <paramref name="from"/> (a 127/8 address; null: the default).</summary>
    public Task<SstpClientSession> ConnectAsync(string user, int port, IPAddress? from, CancellationToken cancellationToken = default) =>
        SstpClientSession.ConnectAsync(
            new SstpConnectOptions
            {
                Server = new Uri($"https://127.0.0.1:{port}"),
                ConnectSocket = from is null ? null : (host, p, token) => ConnectFromAsync(from, new IPEndPoint(IPAddress.Parse(host), p), token),
                UserName = user,
                Password = Password,
                PinnedCertificateSha256 = _pin,
                EnableIpv6 = false,
                RequestDns = false,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            },
            cancellationToken: cancellationToken);

    /// <summary>Every lease in the shared pool: address → (session, user, node).</summary>
    public async Task<Dictionary<IPAddress, (string Session, string User, string Node)>> LeasesAsync()
    {
        RedisOutcome<HashEntry[]> all = await _connection.RunAsync(db => db.HashGetAllAsync(_connection.Keys.Pool("default") + "leases"));
        var leases = new Dictionary<IPAddress, (string, string, string)>();
        if (!all.Available)
        {
            return leases;
        }

        foreach (HashEntry entry in all.Value)
        {
            string[] fields = ((string?)entry.Value ?? string.Empty).Split('\t');
            leases[Ipv4.ToAddress(uint.Parse((string)entry.Name!, CultureInfo.InvariantCulture))] = (fields[0], fields[1], fields[2]);
        }

        return leases;
    }

    public async Task<IReadOnlyList<SessionRecord>> SessionsAsync() => await Registry.ListAsync();

    public Task<IReadOnlyDictionary<string, ServerState>> ServersAsync() => _haproxies[0].Instance.ServersAsync("sstp_nodes");

    /// <summary>Stops HAProxy number <paramref name="index"/> and starts it again as it was first started (its key file: its seed keys).</summary>
    public async Task RestartHaproxyAsync(int index)
    {
        (HaproxyInstance old, int port) = _haproxies[index];
        await old.DisposeAsync();
        (string config, Dictionary<string, string> environment) = _haproxySetups[index];
        try
        {
            _haproxies[index] = (await HaproxyInstance.StartAsync(config, environment), port);
        }
        catch
        {
            _haproxies.RemoveAt(index); // stopped already: not disposed twice
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach ((HaproxyInstance haproxy, int _) in _haproxies)
        {
            await haproxy.DisposeAsync();
        }

        await _connection.DisposeAsync();
        foreach (FarmNode node in Nodes)
        {
            node.Dispose();
        }

        foreach (RedisServer extra in _extraRedis)
        {
            extra.Dispose();
        }

        _redis.Dispose();
        _dir.Dispose();
    }

    /// <summary>TLS on the node (the certificate), or with TLS at HAProxy: no-tls, the certificate's hash, and the ticket-key push.</summary>
    private static string[] TlsArguments(FarmLayout layout, string cert, string key, byte[] pin, string[] runtimeSockets) =>
        layout.TlsTerminatedByHaproxy
            ? ["--no-tls", "--cert-hash-sha256", Convert.ToHexString(pin), "--haproxy-runtime", string.Join(',', runtimeSockets.Select(s => "unix:" + s)), "--haproxy-tls-keys", "#0"]
            : ["--cert", cert, "--key", key];

    /// <summary>The shipped config for the layout and its environment; a TLS-terminating one gets the farm's certificate and its own random seed keys.</summary>
    private static async Task<(string Config, Dictionary<string, string> Environment)> HaproxySetupAsync(FarmLayout layout, TempDirectory dir, string name, int port, List<FarmNode> nodes, string cert, string key)
    {
        (IPEndPoint, int)[] backends = [.. nodes.Select(n => (n.SstpEndPoint, FarmNode.AgentPort))];
        if (!layout.TlsTerminatedByHaproxy)
        {
            return (RepoPaths.HaproxyTcpConfig, ShippedConfig.Tcp(dir, name, port, backends));
        }

        string pem = dir.File("haproxy.pem");
        if (!File.Exists(pem))
        {
            await File.WriteAllTextAsync(pem, await File.ReadAllTextAsync(cert) + "\n" + await File.ReadAllTextAsync(key));
        }

        string seeds = TlsFiles.WriteRandomTicketKeys(dir.File(name + "-ticket-keys"));
        return (RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, name, port, backends, pem, seeds));
    }

    private static async ValueTask<System.Net.Sockets.Socket> ConnectFromAsync(IPAddress from, IPEndPoint to, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(to, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static (string Cert, string Key, byte[] Pin) WriteCertificate(TempDirectory dir)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=farm.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("farm.test");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string cert = dir.File("farm-cert.pem");
        string key = dir.File("farm-key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key, SHA256.HashData(certificate.RawData));
    }

    private static string WriteUsers(TempDirectory dir, int count)
    {
        byte[] hash = new byte[LocalUser.NtHashLength];
        NtHash.Compute(Password, hash);
        UserDatabase database = UserDatabase.Empty;
        for (int i = 0; i < count; i++)
        {
            database.TryAdd(new LocalUser(UserName(i), hash), out database);
        }

        string path = dir.File("users.json");
        UserFile.Save(path, database);
        return path;
    }
}
