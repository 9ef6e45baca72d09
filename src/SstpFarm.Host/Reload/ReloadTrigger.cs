namespace SstpFarm.Host.Reload;

/// <summary>Why a reload ran (logged with its outcome).</summary>
public enum ReloadTrigger
{
    /// <summary>The watched files changed and settled.</summary>
    FileChange,

    /// <summary>The operator sent SIGHUP.</summary>
    Signal,
}
