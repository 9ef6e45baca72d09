using System.Security.Cryptography;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.InMemory;

/// <summary>A ring held by the single node, rotated on a fixed interval.</summary>
public sealed class InMemoryTicketKeyRing : ITicketKeyRing
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _rotationInterval;
    private readonly Lock _gate = new();
    private long _nextId = 1;
    private TicketKeySet _keys;

    /// <param name="timeProvider">The clock.</param>
    /// <param name="rotationInterval">
    /// How long a key issues tickets. A ticket stays decryptable for about two intervals (as current,
    /// then as previous), which must stay under the ticket lifetime; RFC 8446 §4.6.1 caps it at 7 days.
    /// </param>
    public InMemoryTicketKeyRing(TimeProvider timeProvider, TimeSpan rotationInterval)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rotationInterval, TimeSpan.Zero);
        _time = timeProvider;
        _rotationInterval = rotationInterval;
        DateTimeOffset now = timeProvider.GetUtcNow();
        _keys = new TicketKeySet(NewKey(now), NewKey(now), NewKey(now), 1, now, now + rotationInterval);
    }

    public ValueTask<TicketKeySet> GetKeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_keys);
        }
    }

    public ValueTask<TicketKeyRotationResult> RotateAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(Rotate(_time.GetUtcNow()));
        }
    }

    public ValueTask<TicketKeyRotationResult> RotateIfDueAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            return new(now >= _keys.NextRotationAt ? Rotate(now) : new TicketKeyRotationResult(TicketKeyRotationStatus.NotDue, _keys));
        }
    }

    private TicketKeyRotationResult Rotate(DateTimeOffset now)
    {
        _keys = new TicketKeySet(_keys.Current, _keys.Next, NewKey(now), _keys.Version + 1, now, now + _rotationInterval);
        return new TicketKeyRotationResult(TicketKeyRotationStatus.Rotated, _keys);
    }

    private TicketKey NewKey(DateTimeOffset now)
    {
        Span<byte> material = stackalloc byte[TicketKey.Length];
        RandomNumberGenerator.Fill(material);
        var key = new TicketKey(_nextId++, material, now);
        CryptographicOperations.ZeroMemory(material);
        return key;
    }
}
