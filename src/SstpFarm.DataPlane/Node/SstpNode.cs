using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Users;
using SstpFarm.DataPlane.Auth;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Listener;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Telemetry;
using SstpFarm.DataPlane.Tls;
using SstpFarm.DataPlane.Tun;
using SstpFarm.Protocol.Common;

namespace SstpFarm.DataPlane.Node;

/// <summary>
/// One SSTP server node: the listener, the sessions, the TUN device with its forwarder, and the single
/// heartbeat that drives every timer. <see cref="StartAsync"/> brings it up; <see cref="StopAsync"/> stops
/// accepting, sends Call Disconnect to every session, waits (bounded) and releases everything.
/// </summary>
public sealed class SstpNode : IAsyncDisposable
{
    private readonly SstpNodeOptions _options;
    private readonly IControlPlane _controlPlane;
    private readonly IPppAuthenticationProvider _authentication;
    private readonly ILogger _nodeLogger;
    private readonly ILogger _listenerLogger;
    private readonly ILogger _sessionLogger;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly MonotonicClock _clock;
    private readonly ForwardingTable _table = new();
    private readonly ConcurrentDictionary<PendingConnection, byte> _pending = new();
    private readonly ConcurrentDictionary<SstpServerSession, byte> _sessions = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _stopHeartbeat = new();

    private ServerCredentials _credentials;
    private TunDevice? _tun;
    private TunForwarder? _forwarder;
    private ConnectionListener? _listener;
    private ConnectionHandshake? _handshake;
    private SessionServices? _services;
    private Task? _acceptLoop;
    private Task? _heartbeat;
    private int _pendingCount;
    private volatile bool _draining;
    private int _state; // 0 new, 1 started, 2 stopped

    /// <summary>A node that authenticates against the local users in <paramref name="users"/>.</summary>
    public SstpNode(SstpNodeOptions options, IControlPlane controlPlane, IUserStore users, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
        : this(options, controlPlane, CreateLocalAuthenticator(options, users), loggerFactory, time, null)
    {
    }

    /// <summary>A node with its own authentication provider (RADIUS later) and, for tests, its own randomness.</summary>
    public SstpNode(SstpNodeOptions options, IControlPlane controlPlane, IPppAuthenticationProvider authentication, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, IRandomSource? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controlPlane);
        ArgumentNullException.ThrowIfNull(authentication);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SSTP node options: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _controlPlane = controlPlane;
        _authentication = authentication;
        loggerFactory ??= NullLoggerFactory.Instance;
        _nodeLogger = loggerFactory.CreateLogger("SstpFarm.DataPlane.Node");
        _listenerLogger = loggerFactory.CreateLogger("SstpFarm.DataPlane.Listener");
        _sessionLogger = loggerFactory.CreateLogger("SstpFarm.DataPlane.Sessions");
        _time = time ?? TimeProvider.System;
        _random = random ?? CryptoRandomSource.Instance;
        _clock = new MonotonicClock(_time);
        Metrics = new NodeMetrics(Counters, () => _sessions.Count, LiveSessionBytes, () => ForwardingCounters, () => _draining);
        _credentials = options.UseTls
            ? ServerCredentials.ForTls(options.Certificate!, options.CertificateChain)
            : ServerCredentials.ForPlainTcp(options.CertificateHashSha1, options.CertificateHashSha256);
    }

    /// <summary>Where the listener is bound (the real port when 0 was configured); null before start.</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    /// <summary>The TUN device's name as the kernel gave it; null before start.</summary>
    public string? TunName => _tun?.Name;

    public int SessionCount => _sessions.Count;

    public int PendingHandshakeCount => Volatile.Read(ref _pendingCount);

    public SessionCounters Counters { get; } = new();

    /// <summary>This node's instruments on the <c>SstpFarm.DataPlane</c> meter (docs/telemetry.md).</summary>
    public NodeMetrics Metrics { get; }

    /// <summary>Forwarding counters (packets each way, drops by reason); null before start.</summary>
    public ForwardingCounters? ForwardingCounters => _forwarder?.Counters;

    /// <summary>The failure backoff when the node authenticates local users; null with another provider.</summary>
    public AuthFailureLimiter? AuthFailureLimiter => (_authentication as LocalUserAuthenticator)?.Limiter;

    /// <summary>The certificate hashes new sessions bind to (MS-SSTP §3.3.3).</summary>
    public ServerCredentials Credentials => Volatile.Read(ref _credentials);

    /// <summary>
    /// While true, new SSTP requests are answered 503 (as at capacity) and established sessions
    /// continue: a drained node behind a balancer that has not noticed yet sends clients elsewhere.
    /// </summary>
    public bool Draining
    {
        get => _draining;
        set => _draining = value;
    }

    /// <summary>The ids of the sessions on this node (as in the session registry).</summary>
    public IReadOnlyList<string> GetSessionIds() => _sessions.Keys.Select(s => s.Id).ToArray();

    /// <summary>The registry records of this node's registered sessions: the truth the farm registry is reconciled to.</summary>
    public IReadOnlyList<SessionRecord> GetSessionRecords() => [.. _sessions.Keys.Select(s => s.ToRegistryRecord()).OfType<SessionRecord>()];

    /// <summary>Sends Call Disconnect to the session with this id (MS-SSTP §3.1.1.1); false when it is not here.</summary>
    public bool DisconnectSession(string sessionId) => Disconnect(s => string.Equals(s.Id, sessionId, StringComparison.Ordinal)) > 0;

    /// <summary>Sends Call Disconnect to every session of <paramref name="userName"/> on this node; returns how many.</summary>
    public int DisconnectUser(string userName) => Disconnect(s => UserNames.Comparer.Equals(s.UserName ?? string.Empty, userName));

    /// <summary>Creates the TUN device, starts the forwarder, binds the listener and starts the heartbeat.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The node was already started.");
        }

        try
        {
            _tun = TunDevice.Create(new TunDeviceOptions
            {
                Name = _options.TunName,
                QueueCount = _options.TunQueueCount,
                NetworkNamespacePath = _options.NetworkNamespacePath,
            });
            _tun.Configure(new TunInterfaceSettings
            {
                Mtu = _options.Mtu,
                IPv4Address = _options.ServerTunnelAddress,
                IPv4PrefixLength = _options.TunnelPrefixLength,
                Up = true,
            });
            _forwarder = new TunForwarder(_tun, _table);
            _services = new SessionServices(_options, _clock, _sessionLogger, _forwarder, _table, _controlPlane.DefaultPool, _controlPlane.Sessions, _authentication, _random, Metrics);
            _handshake = new ConnectionHandshake(_options, () => Credentials, _clock, _listenerLogger, () => _draining || _sessions.Count >= _options.MaxSessions);
            _forwarder.Start();
            _listener = ConnectionListener.Bind(_options.ListenEndPoint, _options.ListenBacklog, _options.NetworkNamespacePath, _listenerLogger, TryAdmit, OnAccepted);
        }
        catch
        {
            _forwarder?.Dispose();
            _tun?.Dispose();
            throw;
        }

        _heartbeat = HeartbeatLoopAsync(_stopHeartbeat.Token);
        _acceptLoop = _listener.AcceptLoopAsync(_stopAccepting.Token);
        NodeLog.Started(_nodeLogger, _options.NodeId, _tun.Name, _options.ServerTunnelAddress, _options.TunnelPrefixLength, _options.Mtu, _tun.Queues.Count);
        ListenerLog.ListenerStarted(_listenerLogger, _listener.LocalEndPoint, _options.UseTls, _options.ProxyProtocol);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Graceful stop: no new connections, pending handshakes closed, Call Disconnect to every session; waits
    /// up to <see cref="SstpNodeOptions.ShutdownTimeout"/> (or until <paramref name="cancellationToken"/>),
    /// then aborts what is left and releases the TUN device.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        _listener!.Dispose();
#pragma warning disable VSTHRD003 // both loops were started by this object in StartAsync
        await _acceptLoop!.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        ListenerLog.ListenerStopped(_listenerLogger, _listener.LocalEndPoint);

        foreach (PendingConnection pending in _pending.Keys)
        {
            pending.CheckDeadline(long.MaxValue);
        }

        NodeLog.Stopping(_nodeLogger, _sessions.Count, _options.ShutdownTimeout);
        foreach (SstpServerSession session in _sessions.Keys)
        {
            session.Shutdown();
        }

        Task all = Task.WhenAll(_connections.Keys);
        int aborted = 0;
        try
        {
            await all.WaitAsync(_options.ShutdownTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            foreach (SstpServerSession session in _sessions.Keys)
            {
                aborted++;
                session.Abort();
            }

            // Aborted sessions end within one read; bound it anyway.
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), _time, CancellationToken.None)).ConfigureAwait(false);
        }

        await _stopHeartbeat.CancelAsync().ConfigureAwait(false);
#pragma warning disable VSTHRD003
        await _heartbeat!.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        _forwarder!.Dispose();
        _tun!.Dispose();
        NodeLog.Stopped(_nodeLogger, aborted);
    }

    /// <summary>
    /// Replaces the TLS certificate (file reload): new handshakes present it and new sessions bind to its
    /// hashes; established sessions keep theirs.
    /// </summary>
    public void UpdateCertificate(X509Certificate2 certificate, X509Certificate2Collection? chain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!_options.UseTls)
        {
            throw new InvalidOperationException("TLS is terminated in front of this node; there is no certificate to replace.");
        }

        Volatile.Write(ref _credentials, ServerCredentials.ForTls(certificate, chain));
        string thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        NodeLog.CertificateUpdated(_nodeLogger, certificate.Subject, thumbprint);
    }

    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _state) == 1)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stopAccepting.Dispose();
        _stopHeartbeat.Dispose();
        Metrics.Dispose();
    }

    private int Disconnect(Func<SstpServerSession, bool> match)
    {
        int count = 0;
        foreach (SstpServerSession session in _sessions.Keys)
        {
            if (match(session))
            {
                session.Disconnect();
                count++;
            }
        }

        if (count > 0)
        {
            NodeLog.SessionsDisconnected(_nodeLogger, count);
        }

        return count;
    }

    private (long Received, long Transmitted) LiveSessionBytes()
    {
        long received = 0;
        long transmitted = 0;
        foreach (SstpServerSession session in _sessions.Keys)
        {
            if (!session.BytesCounted)
            {
                received += session.BytesIn;
                transmitted += session.BytesOut;
            }
        }

        return (received, transmitted);
    }

    private static LocalUserAuthenticator CreateLocalAuthenticator(SstpNodeOptions options, IUserStore users)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LocalUserAuthenticator(users, new AuthFailureLimiter(options.AuthFailureLimits));
    }

    private bool TryAdmit(Socket socket)
    {
        // design.md §6: a bound on half-open connections, checked before any TLS work.
        if (Interlocked.Increment(ref _pendingCount) <= _options.MaxPendingHandshakes)
        {
            return true;
        }

        int pending = Interlocked.Decrement(ref _pendingCount);
        Counters.CountReason(ConnectionCloseReason.NodeAtCapacity);
        Metrics.RecordSetup(TelemetryNames.SetupResult(ConnectionCloseReason.NodeAtCapacity, null, draining: false));
        EndPoint? remote = null;
        try
        {
            remote = socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            // Gone already.
        }

        ListenerLog.HandshakeLimitReached(_listenerLogger, remote, pending);
        return false;
    }

    private void OnAccepted(Socket socket)
    {
        Task task = HandleConnectionAsync(socket);
        _connections.TryAdd(task, 0);
        _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task HandleConnectionAsync(Socket socket)
    {
        // Off the accept loop at once: everything below is per connection.
        await Task.Yield();
        var pending = new PendingConnection(socket, _clock.NowMs + (long)_options.HandshakeTimeout.TotalMilliseconds);
        _pending.TryAdd(pending, 0);
        var setup = new SessionSetupTelemetry(Metrics);
        HandshakeOutcome outcome;
        try
        {
            outcome = await _handshake!.RunAsync(pending, setup).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ListenerLog.ConnectionFault(_listenerLogger, pending.ClientEndPoint, e);
            socket.Dispose();
            outcome = HandshakeOutcome.Failed(ConnectionCloseReason.InternalError);
        }
        finally
        {
            _pending.TryRemove(pending, out _);
            Interlocked.Decrement(ref _pendingCount);
            pending.Dispose();
        }

        if (outcome.Result is not HandshakeResult result)
        {
            setup.Fail(outcome.Reason, draining: _draining, error: outcome.Error);
            Counters.CountReason(outcome.Reason);
            return;
        }

        SstpServerSession session;
        try
        {
            session = new SstpServerSession(_services!, result, socket, setup);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ListenerLog.ConnectionFault(_listenerLogger, result.ClientEndPoint, e);
            GracefulClose.Abort(result.Stream, socket);
            setup.Fail(ConnectionCloseReason.InternalError);
            Counters.CountReason(ConnectionCloseReason.InternalError);
            return;
        }

        _sessions.TryAdd(session, 0);
        try
        {
            if (Volatile.Read(ref _state) != 1)
            {
                session.Shutdown();
            }

            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
            session.Dispose();
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        // style.md item 8: one timer for every session and handshake deadline; it says when it overruns.
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        long intervalMs = (long)_options.HeartbeatInterval.TotalMilliseconds;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                long start = _clock.NowMs;
                foreach (PendingConnection pending in _pending.Keys)
                {
                    pending.CheckDeadline(start);
                }

                foreach (SstpServerSession session in _sessions.Keys)
                {
                    try
                    {
                        session.OnHeartbeat(start);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        NodeLog.HeartbeatFault(_nodeLogger, e);
                        session.Abort();
                    }
                }

                long elapsed = _clock.NowMs - start;
                if (elapsed > intervalMs)
                {
                    NodeLog.HeartbeatOverrun(_nodeLogger, elapsed, _sessions.Count, _pending.Count, intervalMs);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
