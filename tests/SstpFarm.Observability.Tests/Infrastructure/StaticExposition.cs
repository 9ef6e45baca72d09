using System.Net;
using System.Text;

namespace SstpFarm.Observability.Tests.Infrastructure;

/// <summary>
/// Stands in for the collector's prometheus exporter: serves a fixed text exposition on
/// 127.0.0.1 at /metrics until disposed.
/// </summary>
internal sealed class StaticExposition : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _body;
    private readonly Task _serving;

    public StaticExposition(string exposition)
    {
        _body = Encoding.UTF8.GetBytes(exposition);
        Port = FreeTcpPort.Pick();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.ConfigureAwait(false);
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            using HttpListenerResponse response = context.Response;
            response.ContentType = "text/plain; version=0.0.4";
            response.ContentLength64 = _body.Length;
            await response.OutputStream.WriteAsync(_body).ConfigureAwait(false);
        }
    }
}
