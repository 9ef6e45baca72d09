using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using SstpFarm.DataPlane.Listener;

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
    private readonly BackgroundLoop _loop = new();
    private readonly Lock _gate = new();
    private IPEndPoint? _boundEndPoint;
    private AgentCheckState? _lastState;

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
    public void Start() => _loop.Start(this, stopping =>
    {
        ConnectionListener listener = ConnectionListener.Bind(_options.EndPoint, backlog: 64, networkNamespacePath: null, _logger, TryAdmit, socket => _ = ServeAsync(socket, stopping));
        _boundEndPoint = listener.LocalEndPoint;
        BalancerLog.AgentStarted(_logger, _boundEndPoint);
        return AcceptUntilStoppedAsync(listener, stopping);
    });

    /// <summary>Stops accepting and waits for checks in progress (each ends within the connection timeout).</summary>
    public async Task StopAsync()
    {
        if (!await _loop.StopAsync().ConfigureAwait(false))
        {
            return;
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
        _loop.Dispose();
        _slots.Dispose();
    }

    private static async Task AcceptUntilStoppedAsync(ConnectionListener listener, CancellationToken stopping)
    {
        using (listener)
        {
            await listener.AcceptLoopAsync(stopping).ConfigureAwait(false);
        }
    }

    // Called by the accept loop for each connection: over the limit, it is closed at once.
    private bool TryAdmit(Socket accepted)
    {
        if (_slots.Wait(0))
        {
            return true;
        }

        BalancerLog.AgentBusy(_logger, accepted, _options.MaxConcurrentConnections);
        return false;
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
