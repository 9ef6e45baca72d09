using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using SstpFarm.Balancer.Tests.Infrastructure;

namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>
/// A redis-server on a free port, listening on every address (the nodes reach it from their
/// namespaces over the veths), no persistence: the cluster test does not restart it.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public static async Task<RedisServer> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("sfc-redis").FullName;
        int port = FreePort.Next();
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start redis-server (Debian package redis-server)");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port, directory);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
