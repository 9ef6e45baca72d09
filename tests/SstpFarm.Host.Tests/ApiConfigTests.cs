using SstpFarm.Host.Api;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Tests;

/// <summary>The api keys: syntax, the rules between them, and the files they name.</summary>
public sealed class ApiConfigTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Theory]
    [InlineData(new[] { "--api", "127.0.0.1" }, "api: '127.0.0.1' is not ADDR:PORT (e.g. 0.0.0.0:443 or [::]:443), or off")]
    [InlineData(new[] { "--api", "0.0.0.0:50051" }, "api: '0.0.0.0:50051' is not a loopback address: it needs api-tls-cert, or tokens and data would cross the network in the clear")]
    [InlineData(new[] { "--api", "0.0.0.0:50051", "--api-tls-cert", "/etc/api.pem" }, "api: '0.0.0.0:50051' is not a loopback address: it needs api-tokens and/or api-client-ca, or anyone who can reach it could drain the farm")]
    [InlineData(new[] { "--api", "0.0.0.0:50051", "--api-tokens", "/etc/tokens" }, "api: '0.0.0.0:50051' is not a loopback address: it needs api-tls-cert, or tokens and data would cross the network in the clear")]
    [InlineData(new[] { "--api-tls-key", "/etc/api.key" }, "api-tls-key: '/etc/api.key' needs api-tls-cert as well")]
    [InlineData(new[] { "--api-client-ca", "/etc/ca.pem" }, "api-client-ca: '/etc/ca.pem' needs api-tls-cert: client certificates are sent inside TLS")]
    [InlineData(new[] { "--api", "off", "--api-tokens", "/etc/tokens" }, "api-tokens: '/etc/tokens' is used only when api is not off")]
    public async Task Unsafe_or_inconsistent_settings_are_refused_with_key_value_and_why(string[] args, string expected)
    {
        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--check", "--state-dir", _box.StateDir, .. args]);
        Assert.Equal(ExitCodes.ConfigError, outcome.ExitCode);
        Assert.Contains($"sstpfarm: {expected}", outcome.ErrorLines);
    }

    [Fact]
    public void Files_are_loaded_and_checked_before_the_api_starts()
    {
        string tokens = _box.WriteFile("tokens", "ops admin 0123456789abcdef0123\n");
        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var api = new ApiOptions { TokensFile = tokens };
        Assert.NotNull(ApiHosting.LoadOptions(api, out string? error, out string? warning));
        Assert.Null(error);
        Assert.Null(warning);

        string bad = _box.WriteFile("bad-tokens", "ops superuser 0123456789abcdef0123\n");
        Assert.Null(ApiHosting.LoadOptions(new ApiOptions { TokensFile = bad }, out error, out _));
        Assert.Equal($"api-tokens: '{bad}' line 1: ROLE 'superuser' is not read or admin", error);

        Assert.Null(ApiHosting.LoadOptions(new ApiOptions { TlsCertificatePath = _box.PathOf("missing.pem") }, out error, out _));
        Assert.StartsWith("api-tls-cert/api-client-ca: cannot load:", error, StringComparison.Ordinal);
    }
}
