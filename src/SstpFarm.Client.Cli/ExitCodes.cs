namespace SstpFarm.Client.Cli;

/// <summary>Process exit codes of sstpfarm-client.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Connecting failed, a ping got no reply, or some bench sessions failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad command line or unreadable input file.</summary>
    public const int Usage = 2;
}
