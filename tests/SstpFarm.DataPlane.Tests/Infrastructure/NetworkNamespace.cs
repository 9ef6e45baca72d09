using System.Globalization;

namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>
/// A uniquely named network namespace for one test (iproute2 "ip netns"). Names are
/// "sfdp{pid}n{counter}" so that namespaces left by a killed test run can be recognised and swept
/// at the next start (their pid is gone); every namespace is deleted on Dispose and, as a last
/// resort, at process exit. Links inside (veths, TUNs moved in) die with the namespace.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public const string Prefix = "sfdp";

    private static readonly Lock Gate = new();
    private static readonly HashSet<NetworkNamespace> Live = [];
    private static int s_counter;
    private static bool s_initialised;
    private int _disposed;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>The bind-mount path that setns()/IFLA_NET_NS_FD take.</summary>
    public string Path => $"/var/run/netns/{Name}";

    /// <summary>Creates a namespace with its loopback up.</summary>
    public static NetworkNamespace Create()
    {
        Prerequisites.RequireRootAndTun();
        lock (Gate)
        {
            if (!s_initialised)
            {
                s_initialised = true;
                SweepStale();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();
            }
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}n{Interlocked.Increment(ref s_counter)}");
        Command.Check("ip", "netns", "add", name);
        var ns = new NetworkNamespace(name);
        lock (Gate)
        {
            Live.Add(ns);
        }

        try
        {
            ns.Ip("link", "set", "lo", "up");
        }
        catch
        {
            ns.Dispose();
            throw;
        }

        return ns;
    }

    /// <summary>Unique interface name (≤ 15 bytes) for this process: "{prefix}{pid % 100000}{n}".</summary>
    public static string UniqueInterfaceName(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{Environment.ProcessId % 100000}{Interlocked.Increment(ref s_counter)}");

    /// <summary>Creates a veth pair with one end in each namespace.</summary>
    public static void ConnectVeth(NetworkNamespace a, string nameInA, NetworkNamespace b, string nameInB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Command.Check("ip", "link", "add", nameInA, "netns", a.Name, "type", "veth", "peer", "name", nameInB, "netns", b.Name);
    }

    /// <summary>Runs a command inside the namespace and returns what it did (no check).</summary>
    public CommandResult Exec(params string[] command) => Exec(TimeSpan.FromSeconds(60), command);

    public CommandResult Exec(TimeSpan timeout, params string[] command) =>
        Command.Run(timeout, "ip", ["netns", "exec", Name, .. command]);

    /// <summary>"ip -n NAME ..." that must succeed.</summary>
    public CommandResult Ip(params string[] arguments) => Command.Check("ip", ["-n", Name, .. arguments]);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (Gate)
        {
            Live.Remove(this);
        }

        Command.Run("ip", "netns", "delete", Name);
    }

    public override string ToString() => Name;

    private static void DeleteAll()
    {
        NetworkNamespace[] all;
        lock (Gate)
        {
            all = [.. Live];
        }

        foreach (NetworkNamespace ns in all)
        {
            ns.Dispose();
        }
    }

    /// <summary>Deletes namespaces of ours whose creating process no longer exists.</summary>
    public static void SweepStale()
    {
        CommandResult list = Command.Run("ip", "netns", "list");
        foreach (string line in list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ', 2)[0];
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            int n = name.IndexOf('n', Prefix.Length);
            if (n > Prefix.Length
                && int.TryParse(name.AsSpan(Prefix.Length, n - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid != Environment.ProcessId
                && !Directory.Exists($"/proc/{pid}"))
            {
                Command.Run("ip", "netns", "delete", name);
            }
        }
    }
}
