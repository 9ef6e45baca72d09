namespace SstpFarm.DataPlane.Balancer;

/// <summary>Tuning for <see cref="NodeAgentStateProvider"/>.</summary>
public sealed class NodeAgentStateOptions
{
    private TimeSpan _adminStateMaxAge = TimeSpan.FromMilliseconds(250);
    private TimeSpan _directoryTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long an admin state read from the directory is reused. Default 250 ms: half of the 500 ms
    /// agent-inter the shipped HAProxy configs use, so a drain shows within about one check.
    /// </summary>
    public TimeSpan AdminStateMaxAge
    {
        get => _adminStateMaxAge;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _adminStateMaxAge = value;
        }
    }

    /// <summary>
    /// How long one check waits for the directory (Redis) before answering from the last known state.
    /// Default 200 ms, well under HAProxy's default agent timeout (`timeout check`, 2 s in the shipped configs).
    /// </summary>
    public TimeSpan DirectoryTimeout
    {
        get => _directoryTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            _directoryTimeout = value;
        }
    }

    public override string ToString() => $"AdminStateMaxAge={AdminStateMaxAge}, DirectoryTimeout={DirectoryTimeout}";
}
