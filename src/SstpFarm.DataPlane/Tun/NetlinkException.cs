namespace SstpFarm.DataPlane.Tun;

/// <summary>An rtnetlink request the kernel refused, with the operation and the errno it returned.</summary>
public sealed class NetlinkException : IOException
{
    public NetlinkException(string operation, int errno, string description)
        : base($"rtnetlink {operation} failed: {description}")
    {
        Operation = operation;
        Errno = errno;
    }

    public NetlinkException()
    {
        Operation = string.Empty;
    }

    public NetlinkException(string message)
        : base(message)
    {
        Operation = string.Empty;
    }

    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
    }

    /// <summary>What was asked, e.g. "set mtu 1400 on sstp0".</summary>
    public string Operation { get; }

    /// <summary>The positive errno from the kernel's NLMSG_ERROR answer (or from the syscall).</summary>
    public int Errno { get; }
}
