namespace SstpFarm.Client;

/// <summary>Connecting failed; <see cref="Failure"/> says at which stage.</summary>
public sealed class SstpConnectException : Exception
{
    public SstpConnectException()
    {
    }

    public SstpConnectException(string message)
        : base(message)
    {
    }

    public SstpConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SstpConnectException(SstpConnectFailure failure, string message, Exception? innerException = null, SstpDisconnectInfo? disconnect = null)
        : base(message, innerException)
    {
        Failure = failure;
        Disconnect = disconnect;
    }

    public SstpConnectFailure Failure { get; }

    /// <summary>How the session ended when it got as far as SSTP; null for TCP/TLS/HTTP failures.</summary>
    public SstpDisconnectInfo? Disconnect { get; }

    /// <summary>A short stable label for counting failures: the stage, plus the SSTP/PPP reason if any.</summary>
    public string Label => Disconnect is null ? Failure.ToString() : $"{Failure}:{Disconnect.Reason}" + (Disconnect.LinkReason is { } link ? $"/{link}" : string.Empty);
}
