using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.Host.Cli;
using SstpFarm.Host.Run;

namespace SstpFarm.Host.Tests;

public sealed class RunSeamTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private sealed class CapturingRunner : INodeRunner
    {
        public NodeStartup? Startup { get; private set; }

        public Task<int> RunAsync(NodeStartup startup, CancellationToken cancellationToken)
        {
            Startup = startup;
            return Task.FromResult(42);
        }
    }

    [Fact]
    public async Task TheRunnerReceivesTheValidatedStartupAndItsExitCodeIsTheProcesses()
    {
        string users = _box.PathOf("users.json");
        await _box.RunAsync(["users", "add", "alice", "--password-stdin", "--static-address", "10.9.0.2", "--users", users], "x");

        var runner = new CapturingRunner();
        var console = new HostConsole(new StringReader(string.Empty), new StringWriter(), new StringWriter(), false, _ => null);
        int exitCode = await SstpFarmCommandLine.InvokeAsync(["run", "--state-dir", _box.StateDir, "--users", users, "--pool", "10.9.0.0/29"], console, runner);

        Assert.Equal(42, exitCode);
        NodeStartup startup = runner.Startup!;
        Assert.NotNull(startup.Certificate);
        Assert.Equal(1, startup.Users.Count);

        // The pool keeps the tunnel address (.1) out and reserves alice's static address (.2).
        IIpPool pool = startup.ControlPlane.DefaultPool;
        IpAllocationResult dynamic = await pool.AllocateAsync(new IpAllocationRequest("s1", "bob"));
        Assert.Equal("10.9.0.3", dynamic.Lease!.Address.ToString());
        IpAllocationResult fixedAddress = await pool.AllocateAsync(new IpAllocationRequest("s2", "alice", IPAddress.Parse("10.9.0.2")));
        Assert.Equal(IpLeaseKind.Static, fixedAddress.Lease!.Kind);
        Assert.Equal(IpAllocationStatus.StaticAddressReserved, (await pool.AllocateAsync(new IpAllocationRequest("s3", "carol", IPAddress.Parse("10.9.0.1")))).Status);
    }

    [Fact]
    public async Task ANodeThatCannotStartSaysWhyAndFails()
    {
        // The port is taken: the real runner must report it and exit 1, not hang or crash.
        using var taken = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        string listen = taken.LocalEndPoint!.ToString()!;
        string tun = "sfht" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Sandbox.Outcome outcome = await _box.RunAsync(["run", "--state-dir", _box.StateDir, "--listen", listen, "--tun", tun, "--pool", "10.9.9.0/29"]);

        Assert.Equal(ExitCodes.Failure, outcome.ExitCode);
        Assert.Contains("cannot start the node", outcome.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists($"/sys/class/net/{tun}"), "the TUN device outlived the failed start");
    }
}
