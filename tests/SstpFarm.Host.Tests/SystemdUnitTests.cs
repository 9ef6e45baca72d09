using System.Diagnostics;

namespace SstpFarm.Host.Tests;

/// <summary>deploy/systemd/sstpfarm.service parses cleanly (`systemd-analyze verify`, from scripts/test-setup.sh's `systemd` package).</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private static string Unit => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "deploy", "sstpfarm.service"));

    [Fact]
    public async Task VerifyReportsNothing()
    {
        // verify insists that ExecStart's binary exists: point it at the one just built.
        string apphost = Path.Combine(AppContext.BaseDirectory, "sstpfarm");
        Assert.True(File.Exists(apphost), "the sstpfarm apphost should be next to the tests");
        string unit = _box.WriteFile("sstpfarm.service", Unit.Replace("/usr/local/bin/sstpfarm", apphost, StringComparison.Ordinal));

        var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "verify", "--man=no", unit })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        string stderr = await process.StandardError.ReadToEndAsync();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        // verify exits 0 even for unknown keys or bad values: it only warns, so any output is a failure.
        Assert.Equal(string.Empty, stderr + stdout);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void TheUnitIsHardenedAndKeepsOnlyTheNeededCapabilities()
    {
        string[] lines = Unit.Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Contains("CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE", lines);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_BIND_SERVICE", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("NoNewPrivileges=yes", lines);
        Assert.Contains("StateDirectory=sstpfarm", lines);
        Assert.Contains("RestartPreventExitStatus=2", lines); // a config error is not fixed by restarting
        Assert.Contains("DeviceAllow=/dev/net/tun rw", lines);
    }
}
