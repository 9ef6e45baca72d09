namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>
/// These tests need root, /dev/net/tun, iproute2 and a few Debian tools. A missing tool is
/// installed with apt-get when possible; otherwise the test fails saying what is missing (never
/// a silent skip: CI runs as root on the same kind of machine).
/// </summary>
public static class Prerequisites
{
    private static readonly Lock Gate = new();

    public static void RequireRootAndTun()
    {
        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal))
        {
            Assert.Fail("These data-plane tests need root (network namespaces, TUN). CI runs as root.");
        }

        Assert.True(File.Exists("/dev/net/tun"), "/dev/net/tun is missing: the TUN driver is required.");
        RequireCommand("ip", "iproute2");
    }

    /// <summary>Makes sure <paramref name="command"/> is on PATH, installing <paramref name="debianPackage"/> if not.</summary>
    public static void RequireCommand(string command, string debianPackage)
    {
        lock (Gate)
        {
            if (Which(command))
            {
                return;
            }

            CommandResult install = Command.Run(TimeSpan.FromMinutes(5), "sh", "-c",
                $"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {debianPackage}");
            if (!Which(command))
            {
                Assert.Fail($"'{command}' is required (Debian package {debianPackage}); installing it failed: exit {install.ExitCode} {install.StandardError}");
            }
        }
    }

    private static bool Which(string command) =>
        Command.Run("sh", "-c", $"command -v {command}").ExitCode == 0;
}
