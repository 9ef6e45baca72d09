namespace SstpFarm.DataPlane.Balancer;

/// <summary>An HAProxy runtime API command failed: unreachable socket, timeout, or HAProxy refused it.</summary>
public sealed class HaproxyRuntimeException : Exception
{
    public HaproxyRuntimeException()
    {
    }

    public HaproxyRuntimeException(string message)
        : base(message)
    {
    }

    public HaproxyRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
