using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

/// <summary>
/// A real redis-server (or sentinel) on 127.0.0.1, a free port and a temporary directory, with
/// AOF fsync'ed on every write so that a kill -9 and restart loses nothing.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private Process? _process;

    private RedisProcess(string directory, int port, string[] arguments)
    {
        Directory = directory;
        Port = port;
        _arguments = arguments;
    }

    public string Directory { get; }

    public int Port { get; }

    public string EndPoint => $"127.0.0.1:{Port}";

    public static string ServerBinary => Require("redis-server");

    public static Task<RedisProcess> StartServerAsync(params string[] extra)
    {
        string dir = Path.Combine(Path.GetTempPath(), "sstpfarm-redis-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        int port = FreePort();
        string[] args = ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--logfile", "redis.log", .. extra];
        return StartAsync(new RedisProcess(dir, port, args));
    }

    /// <summary>A sentinel watching <paramref name="primaryPort"/> as service <paramref name="service"/> (quorum 2, fast failure detection).</summary>
    public static async Task<RedisProcess> StartSentinelAsync(string service, int primaryPort)
    {
        Require("redis-sentinel");
        string dir = Path.Combine(Path.GetTempPath(), "sstpfarm-sentinel-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        int port = FreePort();
        string config = Path.Combine(dir, "sentinel.conf");
        await File.WriteAllTextAsync(config, $"""
            port {port}
            bind 127.0.0.1
            dir {dir}
            logfile sentinel.log
            sentinel monitor {service} 127.0.0.1 {primaryPort} 2
            sentinel down-after-milliseconds {service} 1000
            sentinel failover-timeout {service} 5000
            sentinel parallel-syncs {service} 1

            """);
        return await StartAsync(new RedisProcess(dir, port, [config, "--sentinel"]));
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
        await StartAsync(this);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.Yield();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<RedisProcess> StartAsync(RedisProcess redis)
    {
        var start = new ProcessStartInfo(ServerBinary) { WorkingDirectory = redis.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in redis._arguments)
        {
            start.ArgumentList.Add(argument);
        }

        redis._process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        redis._process.OutputDataReceived += (_, _) => { };
        redis._process.ErrorDataReceived += (_, _) => { };
        redis._process.BeginOutputReadLine();
        redis._process.BeginErrorReadLine();
        for (int i = 0; i < 100; i++)
        {
            if (await Resp.PingAsync(redis.Port))
            {
                return redis;
            }

            if (redis._process.HasExited)
            {
                break;
            }

            await Task.Delay(50);
        }

        string log = Path.Combine(redis.Directory, "redis.log");
        throw new InvalidOperationException($"redis on port {redis.Port} did not answer PING: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "no log")}");
    }

    private static string Require(string binary)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            string path = Path.Combine(dir, binary);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"'{binary}' is not installed: these tests need the Debian packages redis-server and redis-sentinel (scripts/test-setup.sh installs them)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
