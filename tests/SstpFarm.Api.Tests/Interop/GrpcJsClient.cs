using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace SstpFarm.Api.Tests.Interop;

/// <summary>
/// Runs js/client.js under node with NODE_PATH at tests/grpc-js/node_modules (installed by
/// scripts/test-setup.sh). Each stdout line is one JSON object; the process is killed on dispose.
/// </summary>
internal sealed class GrpcJsClient : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly System.Text.StringBuilder _stderr = new();

    private GrpcJsClient(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else if (e.Data.StartsWith('{'))
            {
                _lines.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone());
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SstpFarm.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no SstpFarm.sln above {AppContext.BaseDirectory}");
        }
    }

    public static GrpcJsClient Start(string address, string scenario, string? token = null)
    {
        string root = RepositoryRoot;
        string modules = Path.Combine(root, "tests", "grpc-js", "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException($"@grpc/grpc-js is not installed in {modules}: run scripts/test-setup.sh (npm ci in tests/grpc-js)");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "js", "client.js"));
        start.ArgumentList.Add(address);
        start.ArgumentList.Add(Path.Combine(root, "proto"));
        start.ArgumentList.Add(scenario);
        if (token is not null)
        {
            start.ArgumentList.Add(token);
        }

        start.Environment["NODE_PATH"] = modules;
        return new GrpcJsClient(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>Runs a scenario to its end and returns its "result".</summary>
    public static async Task<JsonElement> RunAsync(string address, string scenario, string? token = null)
    {
        using GrpcJsClient client = Start(address, scenario, token);
        return await client.ResultAsync();
    }

    /// <summary>The next streamed "event" line.</summary>
    public async Task<JsonElement> NextEventAsync()
    {
        JsonElement line = await NextAsync();
        return line.TryGetProperty("event", out JsonElement e) ? e : throw new InvalidOperationException($"expected an event, got {line} {Stderr()}");
    }

    public async Task<JsonElement> ResultAsync()
    {
        while (true)
        {
            JsonElement line = await NextAsync();
            if (line.TryGetProperty("result", out JsonElement result))
            {
                return result;
            }

            if (line.TryGetProperty("crash", out JsonElement crash))
            {
                throw new InvalidOperationException($"client.js crashed: {crash}");
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
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            throw new InvalidOperationException($"client.js ended without the expected line: {Stderr()}", e);
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }
}
