using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace SstpFarm.Observability.Tests.Infrastructure;

/// <summary>
/// Debian's Prometheus server, private to one test: its own port on 127.0.0.1 and storage in a
/// scratch directory. Disposing kills it and waits for it before the directory goes.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static PrometheusServer Start(string configFile, string storageDirectory)
    {
        int port = FreeTcpPort.Pick();
        var info = new ProcessStartInfo(DebianTool.Prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--config.file=" + configFile);
        info.ArgumentList.Add("--storage.tsdb.path=" + storageDirectory);
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        info.ArgumentList.Add("--log.level=warn");
        Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start prometheus");
        // Drain its output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, port);
    }

    /// <summary>Polls GET <paramref name="path"/> until <paramref name="ready"/> accepts its `data`, or fails after 60 s.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> ready)
    {
        var deadline = Stopwatch.StartNew();
        string last = "no answer";
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(_process.HasExited, $"prometheus exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                JsonElement body = await _http.GetFromJsonAsync<JsonElement>(path);
                last = body.ToString();
                if (body.GetProperty("status").GetString() == "success" && ready(body.GetProperty("data")))
                {
                    return body.GetProperty("data");
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }
            catch (TaskCanceledException e)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"GET {path}: not as expected within 60 s; last answer: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _process.Dispose();
        }
    }
}
