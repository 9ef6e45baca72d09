namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// Start-once / stop-once bookkeeping for one background loop: the loop gets a token that
/// <see cref="StopAsync"/> cancels, and stopping waits for it to finish. Thread-safe.
/// </summary>
internal sealed class BackgroundLoop : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task? _loop;
    private bool _stopped;

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Runs <paramref name="start"/> once, under the lock (so it may set up state the loop reads).</summary>
    /// <exception cref="ObjectDisposedException">Already stopped.</exception>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public void Start(object owner, Func<CancellationToken, Task> start)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, owner);
            if (_loop is not null)
            {
                throw new InvalidOperationException($"{owner.GetType().Name} is already started");
            }

            _loop = start(_stopping.Token);
        }
    }

    /// <summary>Cancels the loop and waits for it; false when it was already stopped (by an earlier call).</summary>
    public async Task<bool> StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            loop = _loop;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose() => _stopping.Dispose();
}
