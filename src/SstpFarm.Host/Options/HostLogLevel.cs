namespace SstpFarm.Host.Options;

/// <summary>Log verbosity; the names match Microsoft.Extensions.Logging's LogLevel.</summary>
public enum HostLogLevel
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
    None,
}
