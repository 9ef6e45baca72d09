namespace SstpFarm.Host.Options;

/// <summary>
/// Everything `sstpfarm run` is configured with, after the config file and the command line were
/// merged and validated. Each default names where it comes from. The flat keys operators type
/// (same on the command line and in the file) are defined in <see cref="Configuration.ConfigKeys"/>.
/// </summary>
public sealed class SstpFarmOptions
{
    public ListenerOptions Listener { get; } = new();

    public TlsOptions Tls { get; } = new();

    public AddressingOptions Addressing { get; } = new();

    public AuthenticationOptions Authentication { get; } = new();

    public TimeoutOptions Timeouts { get; } = new();

    public FarmOptions Farm { get; } = new();

    public ApiOptions Api { get; } = new();

    public TelemetryOptions Telemetry { get; } = new();

    /// <summary>
    /// Where the node keeps what it generates (certificate, default user file). Default: the
    /// directory systemd's StateDirectory= passes in $STATE_DIRECTORY (systemd.exec(5)), else the
    /// FHS place for variable state, /var/lib/sstpfarm.
    /// </summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    /// <summary>This node's id in the control plane. Default: the machine's host name.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    public HostLogLevel LogLevel { get; set; } = HostLogLevel.Information;

    private static string DefaultStateDirectory()
    {
        string? fromSystemd = Environment.GetEnvironmentVariable("STATE_DIRECTORY");
        return string.IsNullOrEmpty(fromSystemd) ? "/var/lib/sstpfarm" : fromSystemd.Split(':')[0];
    }
}
