using SstpFarm.Host.Configuration;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Tests;

/// <summary>Each validation rule: exit code 2 and one line naming the key, the value and why.</summary>
public sealed class ConfigValidationTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private async Task AssertRejectedAsync(string[] args, string expected)
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, .. args]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains($"sstpfarm: {expected}", outcome.ErrorLines);
        Assert.False(Directory.Exists(_box.StateDir)); // nothing prepared from an invalid configuration
    }

    [Theory]
    [InlineData("--listen", "0.0.0.0", "listen: '0.0.0.0' is not ADDR:PORT (e.g. 0.0.0.0:443 or [::]:443)")]
    [InlineData("--listen", "1.2.3:443", "listen: '1.2.3:443' is not ADDR:PORT: '1.2.3' is not an IPv4 address")]
    [InlineData("--listen", "0.0.0.0:0", "listen: '0.0.0.0:0' is not ADDR:PORT: port must be 1..65535")]
    [InlineData("--proxy-protocol", "on", "proxy-protocol: 'on' is not one of: off, optional, required")]
    [InlineData("--max-sessions", "0", "max-sessions: '0' is not an integer in 1..1000000")]
    [InlineData("--pool", "10.0.0.0/33", "pool: '10.0.0.0/33' is not a CIDR: prefix length must be 0..32")]
    [InlineData("--pool", "10.0.0.1/24", "pool: '10.0.0.1/24' is not a CIDR: host bits are set (did you mean 10.0.0.0/24?)")]
    [InlineData("--pool", "10.0.0.7/32", "pool: '10.0.0.7/32' is too small: it needs the server's tunnel address and at least one client address")]
    [InlineData("--tunnel-address", "192.168.1.1", "tunnel-address: '192.168.1.1' is not a usable address of pool 10.201.0.0/16")]
    [InlineData("--dns", "1.1.1", "dns: '1.1.1' is not an IPv4 address (four decimal octets, e.g. 10.0.0.1)")]
    [InlineData("--dns", "1.1.1.1,8.8.8.8,9.9.9.9", "dns: '1.1.1.1,8.8.8.8,9.9.9.9' lists 3 servers; IPCP carries at most two (RFC 1877)")]
    [InlineData("--tun", "a-very-long-tun-name", "tun: 'a-very-long-tun-name' is not a Linux interface name: 1..15 characters, no '/', ':' or white space")]
    [InlineData("--mtu", "99", "mtu: '99' is not an integer in 576..4087")]
    [InlineData("--mtu", "abc", "mtu: 'abc' is not an integer in 576..4087")]
    [InlineData("--auth", "mschapv2,ntlm", "auth: 'ntlm' is not one of: mschapv2, pap, chap-md5")]
    [InlineData("--address-cooldown", "2h", "address-cooldown: '2h' is not a duration in 0s..1h (e.g. 500ms, 30s, 5m, 1h)")]
    [InlineData("--handshake-timeout", "soon", "handshake-timeout: 'soon' is not a duration in 1s..5m (e.g. 500ms, 30s, 5m, 1h)")]
    [InlineData("--hello-interval", "1s", "hello-interval: '1s' is not a duration in 5s..1h (e.g. 500ms, 30s, 5m, 1h)")]
    [InlineData("--negotiation-timeout", "11m", "negotiation-timeout: '11m' is not a duration in 1s..10m (e.g. 500ms, 30s, 5m, 1h)")]
    [InlineData("--cert", "/etc/x.pem", "cert: '/etc/x.pem' needs key as well")]
    [InlineData("--key", "/etc/x.key", "key: '/etc/x.key' needs cert as well")]
    [InlineData("--cert-hash-sha256", "AB:CD", "cert-hash-sha256: 'AB:CD' is not a SHA-256 fingerprint: expected 64 hex digits")]
    [InlineData("--cert-host-name", "bad_name", "cert-host-name: 'bad_name' is not a host name: dot-separated labels of letters, digits and '-', each 1..63 characters")]
    [InlineData("--node-id", "node 1", "node-id: 'node 1' is not a valid id: 1..64 characters from A-Z a-z 0-9 . - _")]
    [InlineData("--log-level", "verbose", "log-level: 'verbose' is not one of: trace, debug, information, warning, error, critical, none")]
    [InlineData("--redis", "redis:0", "redis: 'redis:0' is not host:port[,…]: 'redis:0' has no valid port (1..65535)")]
    [InlineData("--redis", "a b:6379", "redis: 'a b:6379' is not host:port[,…]: 'a b:6379' is not host:port")]
    [InlineData("--redis-sentinel", ",", "redis-sentinel: ',' is not host:port[,…]: no endpoint given")]
    [InlineData("--redis-service", "my master", "redis-service: 'my master' is not a valid id: 1..64 characters from A-Z a-z 0-9 . - _")]
    [InlineData("--agent", "127.0.0.1", "agent: '127.0.0.1' is not ADDR:PORT (e.g. 0.0.0.0:443 or [::]:443)")]
    [InlineData("--haproxy-runtime", "unix:admin.sock", "haproxy-runtime: 'unix:admin.sock' is not an HAProxy runtime API: unix:/path/to/socket (or /path), tcp:host:port (or host:port)")]
    [InlineData("--haproxy-runtime", "unix:/run/haproxy/admin.sock,tcp:10.0.0.5", "haproxy-runtime: 'tcp:10.0.0.5' is not an HAProxy runtime API: unix:/path/to/socket (or /path), tcp:host:port (or host:port)")]
    [InlineData("--haproxy-tls-keys", "#first", "haproxy-tls-keys: '#first' is not a tls-ticket-keys reference: the key file path as written in haproxy.cfg (no white space), or #ID as `show tls-keys` lists it")]
    [InlineData("--haproxy-tls-keys", "/etc/haproxy/my keys", "haproxy-tls-keys: '/etc/haproxy/my keys' is not a tls-ticket-keys reference: the key file path as written in haproxy.cfg (no white space), or #ID as `show tls-keys` lists it")]
    [InlineData("--ticket-key-rotation", "30s", "ticket-key-rotation: '30s' is not a duration in 1m..168h (e.g. 500ms, 30s, 5m, 1h)")]
    public Task EachKeyIsChecked(string option, string value, string expected) => AssertRejectedAsync([option, value], expected);

    [Fact]
    public Task RedisAndSentinelExcludeEachOther() =>
        AssertRejectedAsync(["--redis", "10.0.0.5", "--redis-sentinel", "10.0.0.6", "--redis-service", "farm"], "redis: '10.0.0.5' conflicts with redis-sentinel: give one or the other");

    [Fact]
    public Task SentinelNeedsAServiceName() =>
        AssertRejectedAsync(["--redis-sentinel", "10.0.0.6:26379,10.0.0.7"], "redis-sentinel: '10.0.0.6:26379,10.0.0.7' needs redis-service (the Sentinel service name)");

    [Fact]
    public Task ServiceNameNeedsSentinels() =>
        AssertRejectedAsync(["--redis", "10.0.0.5", "--redis-service", "farm"], "redis-service: 'farm' is used only with redis-sentinel");

    [Fact]
    public async Task FarmKeysAreValidAndShownInTheEffectiveConfiguration()
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--redis-sentinel", "10.0.0.6,10.0.0.7:26380", "--redis-service", "farm", "--agent", "10.0.0.11:9444"]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.Contains("\"redis-sentinel\": \"10.0.0.6,10.0.0.7:26380\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("\"redis-service\": \"farm\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("\"agent\": \"10.0.0.11:9444\"", outcome.Out, StringComparison.Ordinal);
    }

    private static readonly string[] TlsOffloadFarm = ["--no-tls", "--cert-hash-sha256", new string('A', 64), "--redis", "10.0.0.5"];

    [Fact]
    public Task TicketKeyPushNeedsTheFarm() =>
        AssertRejectedAsync(["--no-tls", "--cert-hash-sha256", new string('A', 64), "--haproxy-runtime", "/run/haproxy/admin.sock"],
            "haproxy-runtime: 'unix:/run/haproxy/admin.sock' is used only in farm mode (redis or redis-sentinel): the keys pushed are the farm's shared ring");

    [Fact]
    public Task TicketKeyPushNeedsHaproxyToTerminateTls() =>
        AssertRejectedAsync(["--redis", "10.0.0.5", "--haproxy-runtime", "tcp:10.0.0.5:9999"],
            "haproxy-runtime: 'tcp:10.0.0.5:9999' is used only with no-tls: ticket keys matter only where HAProxy terminates TLS (haproxy-tls.cfg)");

    [Fact]
    public Task ARuntimeApiIsListedOnce() =>
        AssertRejectedAsync([.. TlsOffloadFarm, "--haproxy-runtime", "unix:/run/a.sock,/run/a.sock"],
            "haproxy-runtime: 'unix:/run/a.sock,unix:/run/a.sock' lists unix:/run/a.sock twice");

    [Fact]
    public Task TheKeysReferenceNeedsARuntimeApi() =>
        AssertRejectedAsync([.. TlsOffloadFarm, "--haproxy-tls-keys", "/etc/haproxy/tls-ticket-keys"],
            "haproxy-tls-keys: '/etc/haproxy/tls-ticket-keys' is used only with haproxy-runtime");

    [Fact]
    public Task TheRotationScheduleNeedsTheFarm() =>
        AssertRejectedAsync(["--ticket-key-rotation", "2h"],
            "ticket-key-rotation: '2h' is used only in farm mode (redis or redis-sentinel): it schedules the farm's shared ring");

    [Fact]
    public async Task TicketKeyPushKeysAreValidInTheFileAndShownInTheEffectiveConfiguration()
    {
        string config = _box.WriteFile("farm.json", "{ \"haproxy-runtime\": [\"unix:/run/haproxy/admin.sock\", \"10.0.0.5:9999\"], \"haproxy-tls-keys\": \"/etc/haproxy/tls-ticket-keys\", \"ticket-key-rotation\": \"30m\" }");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--config", config, .. TlsOffloadFarm]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.Contains("\"unix:/run/haproxy/admin.sock\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("\"tcp:10.0.0.5:9999\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("\"haproxy-tls-keys\": \"/etc/haproxy/tls-ticket-keys\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("\"ticket-key-rotation\": \"30m\"", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TicketKeyPushDefaultsToTheFirstKeysReferenceAndAnHourlyRotation()
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, .. TlsOffloadFarm, "--haproxy-runtime", "/run/haproxy/admin.sock"]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.Contains("\"haproxy-tls-keys\": \"#0\"", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("\"ticket-key-rotation\": \"1h\"", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFarmsEffectiveConfigurationReadsBackAndASingleNodeShowsNoTicketKeyPush()
    {
        Sandbox.Outcome farm = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, .. TlsOffloadFarm, "--haproxy-runtime", "/run/haproxy/admin.sock", "--ticket-key-rotation", "90m"]);
        Assert.Equal(ExitCodes.Ok, farm.ExitCode);
        string config = _box.WriteFile("effective.json", farm.Out[farm.Out.IndexOf('{', StringComparison.Ordinal)..(farm.Out.IndexOf("\n}\n", StringComparison.Ordinal) + 3)]);
        ConfigLoadResult reloaded = ConfigLoader.Load(config, new Dictionary<string, ConfigValue>());
        Assert.Empty(reloaded.Errors);
        Assert.Equal(TimeSpan.FromMinutes(90), reloaded.Options.Farm.TicketKeyRotation);
        Assert.Equal("unix:/run/haproxy/admin.sock", Assert.Single(reloaded.Options.Farm.HaproxyRuntime).Text);

        Sandbox.Outcome single = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir]);
        Assert.Equal(ExitCodes.Ok, single.ExitCode);
        Assert.DoesNotContain("haproxy-tls-keys", single.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket-key-rotation", single.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFarmConnectionIsBuiltFromTheKeys()
    {
        var farm = new FarmOptions { RedisSentinel = "10.0.0.6,10.0.0.7:26380", RedisService = "farm" };
        var connection = SstpFarmOptionsValidator.RedisConnection(farm, out ConfigError? error);
        Assert.Null(error);
        Assert.NotNull(connection);
        Assert.Equal(["10.0.0.6:26379", "10.0.0.7:26380"], connection.SentinelEndPoints.Select(e => $"{e.Host}:{e.Port}"));
        Assert.Equal("farm", connection.ServiceName);
        Assert.Equal(1, connection.TransferReplicas);
        Assert.Null(SstpFarmOptionsValidator.RedisConnection(new FarmOptions(), out error));
        Assert.Null(error);
    }

    [Fact]
    public Task OverlappingPoolsAreRejected() =>
        AssertRejectedAsync(["--pool", "10.0.0.0/16", "--pool", "10.0.4.0/24"], "pool: '10.0.0.0/16,10.0.4.0/24' has overlapping networks 10.0.0.0/16 and 10.0.4.0/24");

    [Fact]
    public Task NoTlsNeedsACertificateHash() =>
        AssertRejectedAsync(["--no-tls"], "no-tls: 'true' needs cert-hash-sha256 (or cert-hash-sha1): crypto binding hashes the certificate clients see at the balancer");

    [Fact]
    public Task NoTlsConflictsWithACertificate() =>
        AssertRejectedAsync(["--no-tls", "--cert-hash-sha1", new string('a', 40), "--cert", "/c.pem", "--key", "/k.pem"], "cert: '/c.pem' conflicts with no-tls: TLS is terminated in front of the node");

    [Fact]
    public Task CertificateHashesNeedNoTls() =>
        AssertRejectedAsync(["--cert-hash-sha256", new string('A', 64)], $"cert-hash-sha256: '{new string('A', 64)}' is used only with no-tls (with TLS here, the hash comes from the certificate)");

    [Fact]
    public async Task NoTlsWithAHashIsValidAndGeneratesNoCertificate()
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--no-tls", "--cert-hash-sha256", string.Join(':', Enumerable.Repeat("0F", 32))]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.Contains("\"cert-hash-sha256\": \"" + string.Concat(Enumerable.Repeat("0F", 32)) + "\"", outcome.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_box.StateDir, "tls-cert.pem")));
    }

    [Fact]
    public async Task EveryErrorIsReportedAtOnce()
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--pool", "10.0.0.0/33", "--mtu", "1", "--tun", "a/b"]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Equal(3, outcome.ErrorLines.Length);
    }

    [Fact]
    public async Task UnknownCommandLineOptionsAreUsageErrors()
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--pol", "10.0.0.0/24"]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains("--pol", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownConfigFileKeysAreErrorsWithASuggestion()
    {
        string config = _box.WriteFile("c.json", "{ \"pool\": \"10.0.0.0/24\", \"pol\": \"10.1.0.0/24\", \"dsn\": [\"1.1.1.1\"], \"frobnicate\": 1 }");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--config", config]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains($"sstpfarm: pol: unknown key in {config} (did you mean 'pool'?)", outcome.ErrorLines);
        Assert.Contains($"sstpfarm: dsn: unknown key in {config} (did you mean 'dns'?)", outcome.ErrorLines);
        Assert.Contains($"sstpfarm: frobnicate: unknown key in {config}", outcome.ErrorLines);
    }

    [Theory]
    [InlineData("{ \"mtu\": true }", "mtu: 'true' must be a number")]
    [InlineData("{ \"nat\": \"yes\" }", "nat: 'yes' is not a boolean: use true or false")]
    [InlineData("{ \"pool\": [1] }", "pool: '[1]' must be an array of strings")]
    [InlineData("{ \"listen\": [\"0.0.0.0:443\"] }", "listen: '[\"0.0.0.0:443\"]' must be a string")]
    [InlineData("{ \"tun\": null }", "tun: 'null' must be a string")]
    [InlineData("{ \"tun\": \"a\", \"tun\": \"b\" }", "tun: appears more than once in {0}")]
    [InlineData("{ \"key-password\": false }", "key-password: '(redacted)' must be a string")]
    public async Task ConfigFileValueTypesAreChecked(string content, string expected)
    {
        string config = _box.WriteFile("c.json", content);
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--config", config]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains("sstpfarm: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, config), outcome.ErrorLines);
    }

    [Fact]
    public async Task UnreadableOrBrokenConfigFilesAreReported()
    {
        string missing = _box.PathOf("absent.json");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--config", missing]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.StartsWith($"sstpfarm: config: '{missing}' cannot be read: ", outcome.Error, StringComparison.Ordinal);

        string broken = _box.WriteFile("broken.json", "{\n  \"pool\": \"10.0.0.0/24\"\n  \"dns\": []\n}");
        outcome = await _box.RunAsync(["run", "--check", "--config", broken]);
        Assert.Equal($"sstpfarm: config: '{broken}' is not valid JSON (line 3)", Assert.Single(outcome.ErrorLines));
    }
}
