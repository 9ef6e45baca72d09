using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace SstpFarm.Ctl.Tests.Interop;

/// <summary>
/// js/server.js under node (@grpc/grpc-js, a gRPC stack nobody here wrote) on a free loopback
/// port it picks itself. Its stdout lines (calls it saw, cancellations) are kept for assertions.
/// Killed on dispose.
/// </summary>
internal sealed class GrpcJsServer : IDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _seen = [];

    private GrpcJsServer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith('{'))
            {
                JsonElement json = JsonDocument.Parse(line).RootElement.Clone();
                lock (_seen)
                {
                    _seen.Add(json);
                }

                _lines.Writer.TryWrite(json);
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; private set; }

    public string Http => $"http://127.0.0.1:{Port}";

    /// <param name="config">server.js's config: token, tls.</param>
    public static async Task<GrpcJsServer> StartAsync(object? config = null)
    {
        if (!Directory.Exists(Path.Combine(TestPaths.NodeModules, "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException($"@grpc/grpc-js is not installed in {TestPaths.NodeModules}: run scripts/test-setup.sh (npm ci in tests/grpc-js)");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "js", "server.js"));
        start.ArgumentList.Add(TestPaths.Protos);
        start.ArgumentList.Add(JsonSerializer.Serialize(config ?? new { }));
        start.Environment["NODE_PATH"] = TestPaths.NodeModules;
        var server = new GrpcJsServer(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        try
        {
            JsonElement first = await server.NextAsync(line => line.TryGetProperty("listening", out _) || line.TryGetProperty("crash", out _));
            server.Port = first.TryGetProperty("listening", out JsonElement port) ? port.GetInt32() : throw new InvalidOperationException($"server.js: {first}");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The calls the server saw for a method (its "call" lines).</summary>
    public IReadOnlyList<JsonElement> Calls(string path)
    {
        lock (_seen)
        {
            return _seen.Where(line => line.TryGetProperty("call", out JsonElement p) && p.GetString() == path).ToList();
        }
    }

    /// <summary>Waits (up to 30 s) for a line matching <paramref name="match"/>, including ones already seen.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        lock (_seen)
        {
            foreach (JsonElement line in _seen.Where(match))
            {
                return line;
            }
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            JsonElement line = await _lines.Reader.ReadAsync(limit.Token);
            if (match(line))
            {
                return line;
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
