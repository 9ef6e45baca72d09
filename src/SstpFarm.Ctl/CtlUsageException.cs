namespace SstpFarm.Ctl;

/// <summary>The command cannot run as given (a bad option value, an unreadable file, no password): exit code 2.</summary>
internal sealed class CtlUsageException : Exception
{
    public CtlUsageException()
    {
    }

    public CtlUsageException(string message)
        : base(message)
    {
    }

    public CtlUsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
