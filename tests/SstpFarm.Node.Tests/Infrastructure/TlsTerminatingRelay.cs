using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.DataPlane.Interop;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Node.Tests.Infrastructure;

/// <summary>
/// Stands in for a load balancer that terminates TLS (HAProxy <c>mode tcp</c> + <c>ssl</c> + <c>send-proxy-v2</c>):
/// accepts TLS with its own certificate inside a namespace and relays the plaintext to the node, prefixed
/// with a PROXY v2 header carrying the client's address.
/// </summary>
public sealed class TlsTerminatingRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly X509Certificate2 _certificate;
    private readonly IPEndPoint _backend;
    private readonly string _namespacePath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TlsTerminatingRelay(string namespacePath, X509Certificate2 certificate, IPEndPoint backend)
    {
        _namespacePath = namespacePath;
        _certificate = certificate;
        _backend = backend;
        _listener = NetworkNamespaceRunner.Run(namespacePath, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            s.Listen(16);
            return s;
        });
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using Socket backend = NetworkNamespaceRunner.Run(_namespacePath, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await using var tls = new SslStream(new NetworkStream(client, ownsSocket: true));
        try
        {
            await backend.ConnectAsync(_backend);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate });
            byte[] header = new byte[64];
            int length = ProxyV2Writer.WriteProxy(header, (IPEndPoint)client.RemoteEndPoint!, (IPEndPoint)client.LocalEndPoint!);
            await backend.SendAsync(header.AsMemory(0, length));
            await using var plain = new NetworkStream(backend, ownsSocket: false);
            Task up = CopyThenShutdownAsync(tls, plain, () =>
            {
                backend.Shutdown(SocketShutdown.Send);
                return Task.CompletedTask;
            });
            Task down = CopyThenShutdownAsync(plain, tls, tls.ShutdownAsync);
            await Task.WhenAll(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // One side went away.
        }
    }

    private static async Task CopyThenShutdownAsync(Stream from, Stream to, Func<Task> shutdown)
    {
        try
        {
            await from.CopyToAsync(to);
            await shutdown();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // The other direction notices too.
        }
    }
}
