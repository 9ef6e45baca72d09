using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SstpFarm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Sockets that belong to another network namespace: setns(CLONE_NEWNET) moves only the calling thread,
/// so a short-lived thread enters the namespace and creates the socket, which stays there for good and
/// can then be used from any thread.
/// </summary>
internal static partial class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    public static Socket CreateTcp(string namespacePath) => Run(namespacePath, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));

    /// <summary>A listening TCP socket on <paramref name="address"/>, a kernel-chosen port.</summary>
    public static Socket Listen(string namespacePath, IPAddress address) => Run(namespacePath, () =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen(64);
        return socket;
    });

    /// <summary>A bound UDP socket on <paramref name="address"/>, a kernel-chosen port.</summary>
    public static Socket ListenUdp(string namespacePath, IPAddress address) => Run(namespacePath, () =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    });

    /// <summary>Connects from inside the namespace (the route taken is that namespace's).</summary>
    public static async Task<Socket> ConnectAsync(string namespacePath, IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        Socket socket = CreateTcp(namespacePath);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            socket.NoDelay = true;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static T Run<T>(string namespacePath, Func<T> work)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(namespacePath);
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns({namespacePath}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = work();
            }
#pragma warning disable CA1031 // rethrown on the calling thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new IOException($"could not create a socket in {namespacePath}", failure);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
