using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SstpFarm.Protocol.ProxyProtocol;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>
/// A stand-in for an SSTP node behind HAProxy: reads the PROXY header with our parser, records it, then
/// either greets with its name and echoes (traffic tests) or closes at once (TLS tests, so that HAProxy
/// closes the client's TLS connection after the handshake).
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ProxyHeader> _clientHeaders = [];
    private readonly List<Task> _connections = [];
    private readonly Task _accept;
    private readonly bool _echo;
    private int _healthChecks;

    public TestBackend(string name, bool echo = true)
    {
        Name = name;
        _echo = echo;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        _accept = AcceptAsync();
    }

    public string Name { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Headers of proxied client connections (PROXY command), in arrival order.</summary>
    public IReadOnlyList<ProxyHeader> ClientHeaders
    {
        get
        {
            lock (_clientHeaders)
            {
                return [.. _clientHeaders];
            }
        }
    }

    public int ClientConnections => ClientHeaders.Count;

    /// <summary>HAProxy's health checks: connections whose header says LOCAL.</summary>
    public int HealthChecks => Volatile.Read(ref _healthChecks);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accept;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                byte[] buffer = new byte[ProxyProtocolLimits.DefaultMaxHeaderBytes + 4096];
                int received = 0;
                ProxyHeader? header;
                int consumed;
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    received += n;
                    OperationStatus status = ProxyProtocolParser.Parse(buffer.AsSpan(0, received), new ProxyProtocolLimits(), out header, out consumed, out ProxyProtocolError error);
                    if (status == OperationStatus.Done)
                    {
                        break;
                    }

                    if (status == OperationStatus.InvalidData)
                    {
                        throw new InvalidDataException($"{Name}: bad PROXY header: {error}");
                    }
                }

                if (header!.Command != ProxyCommand.PROXY)
                {
                    Interlocked.Increment(ref _healthChecks);
                    return;
                }

                lock (_clientHeaders)
                {
                    _clientHeaders.Add(header);
                }

                if (!_echo)
                {
                    return;
                }

                await socket.SendAsync(Encoding.ASCII.GetBytes(Name + "\n"), SocketFlags.None, _stop.Token);
                if (received > consumed)
                {
                    await socket.SendAsync(buffer.AsMemory(consumed, received - consumed), SocketFlags.None, _stop.Token);
                }

                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // The test ended or HAProxy closed.
            }
        }
    }
}
