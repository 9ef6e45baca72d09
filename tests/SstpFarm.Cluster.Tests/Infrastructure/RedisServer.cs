using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using SstpFarm.Balancer.Tests.Infrastructure;

namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>
/// A redis-server (or redis-sentinel) on a free port, listening on every address (the nodes reach
/// it from their namespaces over the veths). Without persistence by default; a persistent one
/// (AOF, fsync on every write, as docs/farm.md assumes) survives <see cref="Kill"/> + <see cref="RestartAsync"/>.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly string _directory;
    private readonly string _binary;
    private readonly string[] _arguments;
    private Process? _process;

    private RedisServer(string binary, int port, string directory, string[] arguments)
    {
        _binary = binary;
        Port = port;
        _directory = directory;
        _arguments = arguments;
    }

    public int Port { get; }

    /// <summary>A server; <paramref name="persistent"/> turns AOF on; <paramref name="extra"/> is appended (e.g. --replicaof).</summary>
    public static Task<RedisServer> StartAsync(bool persistent = false, params string[] extra)
    {
        string directory = Directory.CreateTempSubdirectory("sfc-redis").FullName;
        int port = FreePort.Next();
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", directory, "--save", "",
            .. persistent ? (string[])["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"],
            "--daemonize", "no", .. extra,
        ];
        return LaunchAsync(new RedisServer("redis-server", port, directory, arguments));
    }

    /// <summary>A sentinel watching <paramref name="host"/>:<paramref name="primaryPort"/> as <paramref name="service"/> (fast failure detection).</summary>
    public static async Task<RedisServer> StartSentinelAsync(string service, string host, int primaryPort, int quorum)
    {
        string directory = Directory.CreateTempSubdirectory("sfc-sentinel").FullName;
        int port = FreePort.Next();
        string config = Path.Combine(directory, "sentinel.conf");
        await File.WriteAllTextAsync(config, $"""
            port {port}
            bind 0.0.0.0
            protected-mode no
            dir {directory}
            sentinel monitor {service} {host} {primaryPort} {quorum}
            sentinel down-after-milliseconds {service} 1000
            sentinel failover-timeout {service} 5000
            sentinel parallel-syncs {service} 1

            """);
        return await LaunchAsync(new RedisServer("redis-sentinel", port, directory, [config]));
    }

    /// <summary>kill -9: no shutdown, no final save.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>Starts again on the same port and directory (after <see cref="Kill"/>).</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process?.Dispose();
        await LaunchAsync(this);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static async Task<RedisServer> LaunchAsync(RedisServer server)
    {
        var info = new ProcessStartInfo(server._binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = server._directory };
        foreach (string argument in server._arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {server._binary} (Debian packages redis-server, redis-sentinel)");
        server._process = process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", server.Port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                server.Dispose();
                throw;
            }
        }
    }
}
