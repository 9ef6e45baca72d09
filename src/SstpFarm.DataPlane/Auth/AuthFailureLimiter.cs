using System.Net;

namespace SstpFarm.DataPlane.Auth;

/// <summary>
/// Backoff for failed logins, kept separately per user name and per source address: after
/// <see cref="AuthFailureLimiterOptions.FreeFailures"/> failures a key is blocked for a period that doubles
/// with every further failure (capped), and a blocked key is refused without checking the password.
/// A success clears the user's record but not the address's (one valid account must not reset an
/// attacker's address). In memory, per node; thread-safe.
/// </summary>
public sealed class AuthFailureLimiter
{
    private readonly AuthFailureLimiterOptions _options;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _failures;
    private long _refusals;

    public AuthFailureLimiter(AuthFailureLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Failed verifications recorded.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Attempts refused because the user or address was blocked.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>Keys (users and addresses) currently remembered.</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Zero when an attempt may be verified now; otherwise how long the user or address is still blocked (the attempt is counted as refused).</summary>
    public TimeSpan CheckAllowed(string userName, IPAddress? source, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(userName);
        long until;
        lock (_gate)
        {
            until = Math.Max(BlockedUntil(UserKey(userName), nowMs), source is null ? 0 : BlockedUntil(AddressKey(source), nowMs));
        }

        if (until <= nowMs)
        {
            return TimeSpan.Zero;
        }

        Interlocked.Increment(ref _refusals);
        return TimeSpan.FromMilliseconds(until - nowMs);
    }

    public void RecordFailure(string userName, IPAddress? source, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(userName);
        Interlocked.Increment(ref _failures);
        lock (_gate)
        {
            Fail(UserKey(userName), nowMs);
            if (source is not null)
            {
                Fail(AddressKey(source), nowMs);
            }

            if (_entries.Count > _options.MaxTrackedKeys)
            {
                Prune(nowMs);
            }
        }
    }

    public void RecordSuccess(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        lock (_gate)
        {
            _entries.Remove(UserKey(userName));
        }
    }

    private static string UserKey(string userName) => "u:" + userName;

    private static string AddressKey(IPAddress address) => "a:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private long BlockedUntil(string key, long nowMs) =>
        _entries.TryGetValue(key, out Entry? entry) && nowMs - entry.LastFailureMs < (long)_options.ForgetAfter.TotalMilliseconds
            ? entry.BlockedUntilMs
            : 0;

    private void Fail(string key, long nowMs)
    {
        if (!_entries.TryGetValue(key, out Entry? entry) || nowMs - entry.LastFailureMs >= (long)_options.ForgetAfter.TotalMilliseconds)
        {
            entry = new Entry();
            _entries[key] = entry;
        }

        entry.Count++;
        entry.LastFailureMs = nowMs;
        int over = entry.Count - _options.FreeFailures;
        if (over > 0)
        {
            double block = _options.FirstBlock.TotalMilliseconds * Math.Pow(2, Math.Min(over - 1, 30));
            entry.BlockedUntilMs = nowMs + (long)Math.Min(block, _options.MaxBlock.TotalMilliseconds);
        }
    }

    private void Prune(long nowMs)
    {
        long forget = (long)_options.ForgetAfter.TotalMilliseconds;
        foreach (KeyValuePair<string, Entry> pair in _entries.Where(p => nowMs - p.Value.LastFailureMs >= forget).ToList())
        {
            _entries.Remove(pair.Key);
        }

        // Still too many: drop the stalest quarter.
        if (_entries.Count > _options.MaxTrackedKeys)
        {
            foreach (KeyValuePair<string, Entry> pair in _entries.OrderBy(p => p.Value.LastFailureMs).Take(_entries.Count / 4).ToList())
            {
                _entries.Remove(pair.Key);
            }
        }
    }

    private sealed class Entry
    {
        public int Count { get; set; }

        public long LastFailureMs { get; set; }

        public long BlockedUntilMs { get; set; }
    }
}
