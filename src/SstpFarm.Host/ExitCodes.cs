namespace SstpFarm.Host;

/// <summary>The process exit codes `sstpfarm` documents.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed at run time (e.g. the user to remove does not exist).</summary>
    public const int Failure = 1;

    /// <summary>Invalid configuration or command line: fix the input, retrying will not help.</summary>
    public const int ConfigError = 2;
}
