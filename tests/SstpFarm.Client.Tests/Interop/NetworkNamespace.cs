using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SstpFarm.Client.Tests.Interop;

/// <summary>
/// Creates sockets inside a named network namespace: setns(CLONE_NEWNET) moves only the calling
/// thread, so a fresh thread enters the namespace, creates the socket and dies; the socket stays
/// in that namespace and can be used from any thread.
/// </summary>
internal static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    public static Socket CreateTcpSocket(string name)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{name}");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns({name}) failed: errno {Marshal.GetLastPInvokeError()}");
                }

                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return socket ?? throw new IOException("could not create a socket in the namespace", failure);
    }

    /// <summary>A <see cref="SstpConnectOptions.ConnectSocket"/> that connects from inside <paramref name="name"/>.</summary>
    public static Func<string, int, CancellationToken, ValueTask<Socket>> Connector(string name) => async (host, port, token) =>
    {
        Socket socket = CreateTcpSocket(name);
        try
        {
            await socket.ConnectAsync(host, port, token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
