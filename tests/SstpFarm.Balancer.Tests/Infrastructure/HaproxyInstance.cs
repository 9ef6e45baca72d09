using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>
/// A real HAProxy in the foreground (<c>-db</c>) on a config of ours, its runtime API on a unix socket
/// in the test's directory. Always killed on dispose, and at process exit should a test leak it.
/// </summary>
internal sealed class HaproxyInstance : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    static HaproxyInstance()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (Process p in Running.Values)
            {
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
    }

    private HaproxyInstance(Process process, string statsSocket)
    {
        _process = process;
        StatsSocket = statsSocket;
        Runtime = new HaproxyRuntimeClient(HaproxyRuntimeEndpoint.Unix(statsSocket), TimeSpan.FromSeconds(5), TimeProvider.System);
    }

    public string StatsSocket { get; }

    public HaproxyRuntimeClient Runtime { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts HAProxy on <paramref name="config"/> with <paramref name="environment"/> (which must set
    /// HAPROXY_STATS_SOCKET) and waits until its runtime API answers.
    /// </summary>
    public static async Task<HaproxyInstance> StartAsync(string config, IReadOnlyDictionary<string, string> environment)
    {
        string haproxy = Tools.Haproxy;
        var info = new ProcessStartInfo(haproxy)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-db");
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(config);
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        // The machine has a hard fd limit well under what maxconn 50000 needs.
        info.Environment.TryAdd("HAPROXY_MAXCONN", "2000");
        info.Environment.TryAdd("HAPROXY_LOG", "stdout");

        Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start haproxy");
        Running[process.Id] = process;
        var instance = new HaproxyInstance(process, environment["HAPROXY_STATS_SOCKET"]);
        process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (process.HasExited)
            {
                string output = instance.Output;
                await instance.DisposeAsync();
                throw new InvalidOperationException($"haproxy exited with {process.ExitCode} at start:\n{output}");
            }

            try
            {
                await instance.Runtime.ExecuteAsync("show info");
                return instance;
            }
            catch (HaproxyRuntimeException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>`show servers state BACKEND` as one row per server, keyed by the header's column names.</summary>
    public async Task<IReadOnlyDictionary<string, ServerState>> ServersAsync(string backend)
    {
        string output = await Runtime.ExecuteAsync("show servers state " + backend);
        return ServerState.Parse(output);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            Running.TryRemove(_process.Id, out _);
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
