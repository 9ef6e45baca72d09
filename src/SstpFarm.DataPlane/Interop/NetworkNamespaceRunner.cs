using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace SstpFarm.DataPlane.Interop;

/// <summary>
/// Runs a piece of work inside another network namespace. setns(CLONE_NEWNET) only moves the
/// calling thread, so the work runs on a fresh thread that dies afterwards; anything that thread
/// creates (sockets, TUN devices, child processes, /proc/sys/net handles) belongs to that namespace.
/// </summary>
internal static class NetworkNamespaceRunner
{
    /// <summary>Runs <paramref name="work"/> in the namespace at <paramref name="namespacePath"/>
    /// (e.g. /var/run/netns/NAME), or inline when the path is null.</summary>
    public static T Run<T>(string? namespacePath, Func<T> work)
    {
        if (namespacePath is null)
        {
            return work();
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(namespacePath);
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in the namespace, or inline when the path is null.</summary>
    public static void Run(string? namespacePath, Action work) =>
        Run(namespacePath, () =>
        {
            work();
            return 0;
        });

    private static void Enter(string namespacePath)
    {
        int fd = Libc.Open(namespacePath, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"open({namespacePath}) failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (Libc.SetNs(fd, Libc.CLONE_NEWNET) != 0)
            {
                throw new IOException($"setns({namespacePath}) failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
