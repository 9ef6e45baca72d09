using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// HAProxy's agent-check endpoint: for each TCP connection it writes one line computed by an
/// <see cref="IAgentCheckStateProvider"/> (e.g. <c>up ready 75%</c>, <c>drain</c>) and closes.
/// </summary>
/// <remarks>
/// Off the data path: its own listening socket and accept loop. Bounded: at most
/// <see cref="AgentCheckServerOptions.MaxConcurrentConnections"/> checks at once, each cut off after
/// <see cref="AgentCheckServerOptions.ConnectionTimeout"/>. HAProxy sends nothing unless `agent-send`
/// is configured; anything it sends is ignored.
/// </remarks>
public sealed class AgentCheckServer : IAsyncDisposable
{
    private readonly AgentCheckServerOptions _options;
    private readonly IAgentCheckStateProvider _provider;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Socket? _listener;
    private IPEndPoint? _boundEndPoint;
    private Task? _acceptLoop;
    private AgentCheckState? _lastState;
    private bool _stopped;

    /// <param name="options">Address and limits.</param>
    /// <param name="provider">Computes each reply.</param>
    /// <param name="timeProvider">Clock for the per-connection timeout.</param>
    /// <param name="logger">Logger.</param>
    public AgentCheckServer(AgentCheckServerOptions options, IAgentCheckStateProvider provider, TimeProvider timeProvider, ILogger<AgentCheckServer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _provider = provider;
        _time = timeProvider;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrentConnections, options.MaxConcurrentConnections);
    }

    /// <summary>The bound address (the real port when 0 was asked for); set by <see cref="Start"/>.</summary>
    public IPEndPoint LocalEndPoint => _boundEndPoint ?? throw new InvalidOperationException("the agent is not started");

    /// <summary>Binds and starts accepting. Throws <see cref="SocketException"/> when the address is taken.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_listener is not null)
            {
                throw new InvalidOperationException("the agent is already started");
            }

            var socket = new Socket(_options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(_options.EndPoint);
                socket.Listen(64);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _listener = socket;
            _boundEndPoint = (IPEndPoint)socket.LocalEndPoint!;
            _acceptLoop = AcceptLoopAsync(socket, _stopping.Token);
            BalancerLog.AgentStarted(_logger, _boundEndPoint);
        }
    }

    /// <summary>Stops accepting and waits for checks in progress (each ends within the connection timeout).</summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            loop = _acceptLoop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        // Taking every slot means every connection handler has finished.
        for (int i = 0; i < _options.MaxConcurrentConnections; i++)
        {
            await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (_boundEndPoint is not null)
        {
            BalancerLog.AgentStopped(_logger, _boundEndPoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: back off instead of spinning.
                BalancerLog.AgentAcceptFailed(_logger, e);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (!await _slots.WaitAsync(0, CancellationToken.None).ConfigureAwait(false))
            {
                BalancerLog.AgentBusy(_logger, accepted.RemoteEndPoint, _options.MaxConcurrentConnections);
                accepted.Dispose();
                continue;
            }

            _ = ServeAsync(accepted, stopping);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        await Task.Yield();
        using var timeout = new CancellationTokenSource(_options.ConnectionTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            AgentCheckReply reply = await _provider.GetReplyAsync(linked.Token).ConfigureAwait(false);
            NoteState(reply);
            byte[] line = Encoding.ASCII.GetBytes(reply.ToLine());
            int sent = 0;
            while (sent < line.Length)
            {
                sent += await socket.SendAsync(line.AsMemory(sent), SocketFlags.None, linked.Token).ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
            DiscardUnread(socket);
        }
#pragma warning disable CA1031 // One failed check (peer gone, timeout, provider fault) must not end the agent.
        catch (Exception e)
#pragma warning restore CA1031
        {
            BalancerLog.AgentCheckFailed(_logger, socket, e);
        }
        finally
        {
            socket.Dispose();
            _slots.Release();
        }
    }

    private void NoteState(AgentCheckReply reply)
    {
        lock (_gate)
        {
            if (_lastState == reply.State)
            {
                return;
            }

            _lastState = reply.State;
        }

        BalancerLog.AgentStateChanged(_logger, reply.State, reply.WeightPercent);
    }

    // Closing with unread bytes (an `agent-send` string) would reset the connection, possibly before
    // HAProxy has read our line.
    private static void DiscardUnread(Socket socket)
    {
        Span<byte> sink = stackalloc byte[256];
        int budget = 4096;
        while (budget > 0 && socket.Available > 0)
        {
            int n = socket.Receive(sink, SocketFlags.None);
            if (n <= 0)
            {
                break;
            }

            budget -= n;
        }
    }
}
