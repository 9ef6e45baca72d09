using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using SstpFarm.Client;

namespace SstpFarm.Cluster.Tests.Infrastructure;

/// <summary>
/// Many users, one session each, kept up: when a session ends (its node died) the user's loop
/// connects again through HAProxy until it succeeds, as a real client's auto-reconnect would.
/// </summary>
internal sealed class FarmClients : IAsyncDisposable
{
    private readonly Farm _farm;
    private readonly SemaphoreSlim _connecting;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Connected> _live = new(StringComparer.Ordinal);
    private readonly List<Task> _loops = [];
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _users = new(StringComparer.Ordinal);
    private int _failures;

    public FarmClients(Farm farm, int parallelConnects)
    {
        _farm = farm;
        _connecting = new SemaphoreSlim(parallelConnects, parallelConnects);
    }

    /// <summary>A live session of one user and when it came up.</summary>
    public sealed record Connected(string User, SstpClientSession Session, IPAddress Address, long ConnectedAt, int Generation);

    /// <summary>How long each successful connect took (TCP to IPCP Opened, through HAProxy).</summary>
    public ConcurrentBag<double> ConnectMilliseconds { get; } = [];

    /// <summary>The first few connect errors (diagnostics).</summary>
    public ConcurrentBag<string> FirstErrors { get; } = [];

    /// <summary>Connect attempts that failed (and were retried).</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>The users' live sessions right now.</summary>
    public IReadOnlyList<Connected> Live => [.. _live.Values.Where(c => !c.Session.Completion.IsCompleted)];

    public Connected? Get(string user) => _live.TryGetValue(user, out Connected? c) ? c : null;

    /// <summary>Starts a keep-connected loop for each user; returns when every one is connected once.</summary>
    public async Task AddAsync(IEnumerable<string> users)
    {
        var firsts = new List<Task>();
        foreach (string user in users)
        {
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            firsts.Add(first.Task);
            var own = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            _users[user] = own;
            _loops.Add(KeepConnectedAsync(user, first, own.Token));
        }

        await Task.WhenAll(firsts).WaitAsync(TimeSpan.FromMinutes(3));
    }

    /// <summary>The user hangs up for good: its loop stops and its session sends Call Disconnect.</summary>
    public async Task RemoveAsync(string user)
    {
        if (_users.TryRemove(user, out CancellationTokenSource? own))
        {
            await own.CancelAsync();
        }

        if (_live.TryRemove(user, out Connected? connected))
        {
            await connected.Session.DisconnectAsync(TimeSpan.FromSeconds(2));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(_live.Values.Select(async c => await c.Session.DisconnectAsync(TimeSpan.FromSeconds(2))));
        _stopping.Dispose();
        _connecting.Dispose();
        foreach (CancellationTokenSource own in _users.Values)
        {
            own.Dispose();
        }
    }

    private async Task KeepConnectedAsync(string user, TaskCompletionSource first, CancellationToken stopping)
    {
        await Task.Yield();
        int generation = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                SstpClientSession? session = null;
                await _connecting.WaitAsync(stopping);
                long attempt = Stopwatch.GetTimestamp();
                try
                {
                    session = await _farm.ConnectAsync(user, stopping);
                    ConnectMilliseconds.Add(Stopwatch.GetElapsedTime(attempt).TotalMilliseconds);
                }
                catch (Exception e) when (e is SstpConnectException or IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
                {
                    if (Interlocked.Increment(ref _failures) <= 3)
                    {
                        FirstErrors.Add($"{user}: {e.GetType().Name}: {e.Message}");
                    }
                }
                finally
                {
                    _connecting.Release();
                }

                if (session is null)
                {
                    await Task.Delay(200, stopping);
                    continue;
                }

                _live[user] = new Connected(user, session, session.Info.LocalAddress, Stopwatch.GetTimestamp(), generation++);
                first.TrySetResult();
                await session.Completion.WaitAsync(stopping);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
