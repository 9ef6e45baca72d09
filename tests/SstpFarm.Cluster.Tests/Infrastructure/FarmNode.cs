using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using SstpFarm.DataPlane.Tests.Infrastructure;

namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>
/// One `sstpfarm run` process in its own network namespace, joined to the root namespace by a veth
/// pair (root end .1, node end .2 of a /30): its TUN, its pool routes and its server tunnel address
/// stay private, while HAProxy and Redis in the root namespace reach it over the veth.
/// </summary>
internal sealed class FarmNode : IDisposable
{
    public const int SstpPort = 443;
    public const int AgentPort = 9444;

    private readonly NetworkNamespace _ns;
    private readonly StringBuilder _log = new();
    private readonly Func<IPAddress, IPAddress, string[]> _arguments;
    private Process? _process;

    private FarmNode(string id, NetworkNamespace ns, IPAddress rootAddress, IPAddress nodeAddress, Func<IPAddress, IPAddress, string[]> arguments)
    {
        Id = id;
        _ns = ns;
        RootAddress = rootAddress;
        Address = nodeAddress;
        _arguments = arguments;
    }

    public string Id { get; }

    /// <summary>The root namespace's end of the veth (where the node reaches Redis).</summary>
    public IPAddress RootAddress { get; }

    /// <summary>The node's end of the veth (SSTP and agent listen here).</summary>
    public IPAddress Address { get; }

    public IPEndPoint SstpEndPoint => new(Address, SstpPort);

    public bool IsRunning => _process is { HasExited: false };

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Creates the namespace and the veth (root end 10.251.S.1/30, node end .2; default route via
    /// the root end, so that every node reaches any root-namespace address); <paramref name="arguments"/>
    /// gets (node end, root end) when the node starts. Not started yet.
    /// </summary>
    public static FarmNode Create(string id, int subnet, Func<IPAddress, IPAddress, string[]> arguments)
    {
        NetworkNamespace ns = NetworkNamespace.Create();
        string rootEnd = NetworkNamespace.UniqueInterfaceName("sfc");
        var root = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.251.{subnet}.1"));
        var node = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.251.{subnet}.2"));
        try
        {
            Command.Check("ip", "link", "add", rootEnd, "type", "veth", "peer", "name", "eth0", "netns", ns.Name);
            Command.Check("ip", "addr", "add", root + "/30", "dev", rootEnd);
            Command.Check("ip", "link", "set", rootEnd, "up");
            ns.Ip("addr", "add", node + "/30", "dev", "eth0");
            ns.Ip("link", "set", "eth0", "up");
            ns.Ip("route", "add", "default", "via", root.ToString());
        }
        catch
        {
            Command.Run("ip", "link", "delete", rootEnd);
            ns.Dispose();
            throw;
        }

        return new FarmNode(id, ns, root, node, arguments);
    }

    /// <summary>Starts `dotnet sstpfarm.dll run …` inside the namespace.</summary>
    public void Start()
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["netns", "exec", _ns.Name, "dotnet", Path.Combine(AppContext.BaseDirectory, "sstpfarm.dll"), "run", .. _arguments(Address, RootAddress)])
        {
            info.ArgumentList.Add(argument);
        }

        // `ip netns exec` execs the command: the pid is sstpfarm's own (kill -9 reaches it).
        _process = Process.Start(info) ?? throw new InvalidOperationException("cannot start sstpfarm");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Until the node says it serves (or it died).</summary>
    public async Task WaitServingAsync(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!Log.Contains("sstpfarm: serving SSTP", StringComparison.Ordinal))
        {
            if (!IsRunning || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"node {Id} did not start:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM: the graceful stop (agent says drain, then Call Disconnect to every session).</summary>
    public void Terminate() => Command.Check("kill", "-TERM", _process!.Id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The exit code once it has exited within <paramref name="timeout"/>; null if it has not.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process!.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Cuts the node off from Redis (nftables in its namespace drops what it sends to <paramref name="redisPort"/>); clients still reach it.</summary>
    public void Partition(int redisPort)
    {
        Nft("add", "table", "inet", "sfcpart");
        Nft("add", "chain", "inet", "sfcpart", "out", "{", "type", "filter", "hook", "output", "priority", "0", ";", "}");
        Nft("add", "rule", "inet", "sfcpart", "out", "tcp", "dport", redisPort.ToString(CultureInfo.InvariantCulture), "drop");
    }

    /// <summary>Ends <see cref="Partition"/>.</summary>
    public void Heal() => Nft("delete", "table", "inet", "sfcpart");

    /// <summary>kill -9: no drain, no goodbye; its TCP connections are reset by the kernel.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        _ns.Dispose(); // the veth dies with it
    }

    private void Nft(params string[] arguments) => Command.Check("ip", ["netns", "exec", _ns.Name, "nft", .. arguments]);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
