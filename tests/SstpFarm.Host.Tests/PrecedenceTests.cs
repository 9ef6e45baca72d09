using SstpFarm.Host.Configuration;

namespace SstpFarm.Host.Tests;

public sealed class PrecedenceTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static Dictionary<string, ConfigValue> Cli(params (string Key, string[] Items)[] values) =>
        values.ToDictionary(v => v.Key, v => new ConfigValue(v.Items, ConfigLoader.CommandLineSource));

    [Fact]
    public void CommandLineBeatsFileBeatsDefault()
    {
        string config = _box.WriteFile("c.json", """
            // comments and trailing commas are fine
            {
              "mtu": 1300,
              "tun": "vpn0",
              "pool": ["10.1.0.0/24", "10.2.0.0/24"],
              "nat": true,
            }
            """);
        ConfigLoadResult result = ConfigLoader.Load(config, Cli(("mtu", ["1280"]), ("pool", ["10.9.0.0/24"]), ("state-dir", [_box.StateDir])));

        Assert.Empty(result.Errors);
        Assert.Equal(1280, result.Options.Addressing.Mtu);                                      // command line
        Assert.Equal("vpn0", result.Options.Addressing.TunName);                                // file
        Assert.True(result.Options.Addressing.Nat);                                             // file
        Assert.Equal(["10.9.0.0/24"], result.Options.Addressing.Pools.Select(p => p.ToString())); // a list on the command line replaces the file's
        Assert.Equal(443, result.Options.Listener.Listen.Port);                                  // default
        Assert.Equal(ConfigLoader.CommandLineSource, result.Sources["mtu"]);
        Assert.Equal($"file {config}", result.Sources["tun"]);
        Assert.Equal(ConfigLoader.DefaultSource, result.Sources["listen"]);
        Assert.Equal(Path.Combine(_box.StateDir, "users.json"), result.Options.Authentication.UsersFile);
        Assert.Equal("10.9.0.1", result.Options.Addressing.EffectiveTunnelAddress.ToString());
    }

    [Fact]
    public void ListsAcceptCommasArraysAndRepeats()
    {
        string config = _box.WriteFile("c.json", "{ \"auth\": \"mschapv2, pap\", \"dns\": [\"1.1.1.1\", \"8.8.8.8\"] }");
        ConfigLoadResult fromFile = ConfigLoader.Load(config, Cli());
        Assert.Equal(2, fromFile.Options.Authentication.Methods.Count);
        Assert.Equal(2, fromFile.Options.Addressing.DnsServers.Count);
    }

    [Fact]
    public async Task CommandLineFlagsOverrideTheFileBothWays()
    {
        string config = _box.WriteFile("c.json", "{ \"nat\": true }");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--config", config, "--nat", "false", "--state-dir", _box.StateDir]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.Contains("\"nat\": false,", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEffectiveConfigurationReadsBackAsAConfigFile()
    {
        Sandbox.Outcome first = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--pool", "10.5.0.0/24", "--dns", "9.9.9.9", "--auth", "pap,mschapv2", "--mtu", "1280", "--hello-interval", "90s"]);
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        string rendered = first.Out[first.Out.IndexOf('{', StringComparison.Ordinal)..(first.Out.IndexOf("\n}\n", StringComparison.Ordinal) + 3)];
        string config = _box.WriteFile("effective.json", rendered);

        ConfigLoadResult reloaded = ConfigLoader.Load(config, Cli());
        Assert.Empty(reloaded.Errors);
        Assert.Equal(ValuesOnly(rendered), ValuesOnly(EffectiveConfig.Render(reloaded.Options, reloaded.Sources)));
        Assert.Equal(TimeSpan.FromSeconds(90), reloaded.Options.Timeouts.Hello);
    }

    [Fact]
    public async Task SecretsAreRedactedWhenOptionsArePrinted()
    {
        (string cert, string key) = CertificateTests.WriteEncryptedPair(_box, "hunter2-secret");
        string config = _box.WriteFile("c.json", $"{{ \"cert\": \"{cert}\", \"key\": \"{key}\", \"key-password\": \"hunter2-secret\" }}");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--config", config, "--state-dir", _box.StateDir]);
        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
        Assert.DoesNotContain("hunter2-secret", outcome.Out + outcome.Error, StringComparison.Ordinal);
        Assert.Contains("\"key-password\": \"(redacted)\"", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongSecretIsReportedWithoutShowingIt()
    {
        (string cert, string key) = CertificateTests.WriteEncryptedPair(_box, "right-password");
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, "--cert", cert, "--key", key, "--key-password", "wrong-password"]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.StartsWith($"sstpfarm: cert: '{cert}' cannot be loaded with key '{key}'", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", outcome.Out + outcome.Error, StringComparison.Ordinal);
    }

    private static string ValuesOnly(string rendered) => string.Join('\n', rendered.Split('\n').Select(l => l.Split("//")[0].TrimEnd()));
}
