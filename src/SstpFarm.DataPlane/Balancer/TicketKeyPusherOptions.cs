namespace SstpFarm.DataPlane.Balancer;

/// <summary>Tuning for <see cref="TicketKeyPusher"/>.</summary>
public sealed class TicketKeyPusherOptions
{
    private TimeSpan _pollInterval = TimeSpan.FromSeconds(1);
    private TimeSpan _verifyInterval = TimeSpan.FromSeconds(30);
    private TimeSpan _commandTimeout = TimeSpan.FromSeconds(2);
    private TimeSpan _minRetryDelay = TimeSpan.FromSeconds(1);
    private TimeSpan _maxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How often the ring's version is read. Default 1 s: keys change hours apart, but the next key must be everywhere before any node issues with it.</summary>
    public TimeSpan PollInterval
    {
        get => _pollInterval;
        set => _pollInterval = Positive(value);
    }

    /// <summary>
    /// How often an up-to-date HAProxy is read back (`show tls-keys`) even when the ring did not change:
    /// an HAProxy reload reverts to its key file. Default 30 s.
    /// </summary>
    public TimeSpan VerifyInterval
    {
        get => _verifyInterval;
        set => _verifyInterval = Positive(value);
    }

    /// <summary>The most one runtime API command may take. Default 2 s (a local socket answers in microseconds).</summary>
    public TimeSpan CommandTimeout
    {
        get => _commandTimeout;
        set => _commandTimeout = Positive(value);
    }

    /// <summary>The first retry after a failure; it doubles up to <see cref="MaxRetryDelay"/>. Default 1 s.</summary>
    public TimeSpan MinRetryDelay
    {
        get => _minRetryDelay;
        set => _minRetryDelay = Positive(value);
    }

    /// <summary>Default 30 s.</summary>
    public TimeSpan MaxRetryDelay
    {
        get => _maxRetryDelay;
        set => _maxRetryDelay = Positive(value);
    }

    public override string ToString() =>
        $"PollInterval={PollInterval}, VerifyInterval={VerifyInterval}, CommandTimeout={CommandTimeout}, MinRetryDelay={MinRetryDelay}, MaxRetryDelay={MaxRetryDelay}";

    private static TimeSpan Positive(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
        return value;
    }
}
