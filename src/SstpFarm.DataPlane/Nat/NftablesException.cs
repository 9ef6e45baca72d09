namespace SstpFarm.DataPlane.Nat;

/// <summary>An <c>nft</c> invocation that failed: the command, its exit code and what it printed.</summary>
public sealed class NftablesException : Exception
{
    public NftablesException(string command, int exitCode, string standardError)
        : base($"'{command}' failed with exit code {exitCode}: {standardError.Trim()}")
    {
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    public NftablesException()
    {
        Command = string.Empty;
        StandardError = string.Empty;
    }

    public NftablesException(string message)
        : base(message)
    {
        Command = string.Empty;
        StandardError = string.Empty;
    }

    public NftablesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Command = string.Empty;
        StandardError = string.Empty;
    }

    public string Command { get; }

    /// <summary>The process exit code; -1 when nft could not be started at all.</summary>
    public int ExitCode { get; }

    public string StandardError { get; }
}
