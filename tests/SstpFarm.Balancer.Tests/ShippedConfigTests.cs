using System.Net;
using SstpFarm.Balancer.Tests.Infrastructure;

namespace SstpFarm.Balancer.Tests;

/// <summary>`haproxy -c` accepts the configs in deploy/haproxy as shipped and as rendered for a farm.</summary>
public sealed class ShippedConfigTests
{
    private static readonly (IPEndPoint, int)[] Nodes =
    [
        (IPEndPoint.Parse("127.0.0.1:20001"), 20011),
        (IPEndPoint.Parse("127.0.0.1:20002"), 20012),
        (IPEndPoint.Parse("127.0.0.1:20003"), 20013),
    ];

    [Fact]
    public async Task Tcp_config_is_valid_with_its_defaults() =>
        await AssertValidAsync(RepoPaths.HaproxyTcpConfig, new Dictionary<string, string>());

    [Fact]
    public async Task Tcp_config_is_valid_rendered()
    {
        using var dir = new TempDirectory();
        await AssertValidAsync(RepoPaths.HaproxyTcpConfig, ShippedConfig.Tcp(dir, "lb", 20000, Nodes));
    }

    [Fact]
    public async Task Tls_config_is_valid_rendered()
    {
        using var dir = new TempDirectory();
        string certificate = TlsFiles.WriteCertificate(dir.File("sstp.pem"));
        string keys = TlsFiles.WriteRandomTicketKeys(dir.File("tls-ticket-keys"));
        await AssertValidAsync(RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, "lb", 20000, Nodes, certificate, keys));
    }

    [Fact]
    public async Task Tls_config_without_its_ticket_key_file_is_refused()
    {
        // Shows that `haproxy -c` really reads what the rendering points at (the check can fail).
        using var dir = new TempDirectory();
        string certificate = TlsFiles.WriteCertificate(dir.File("sstp.pem"));
        (int exitCode, string output) = await CheckAsync(RepoPaths.HaproxyTlsConfig, ShippedConfig.Tls(dir, "lb", 20000, Nodes, certificate, dir.File("missing")));
        Assert.True(exitCode != 0, output);
    }

    private static async Task AssertValidAsync(string config, Dictionary<string, string> environment)
    {
        (int exitCode, string output) = await CheckAsync(config, environment);
        Assert.True(exitCode == 0, $"haproxy -c -f {config}: exit {exitCode}\n{output}");
        Assert.Contains("Configuration file is valid", output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> CheckAsync(string config, Dictionary<string, string> environment)
    {
        environment.TryAdd("HAPROXY_MAXCONN", "2000");
        return Tools.RunAsync(Tools.Haproxy, ["-c", "-f", config], TimeSpan.FromSeconds(30), environment);
    }
}
