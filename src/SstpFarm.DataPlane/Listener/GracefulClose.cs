using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;

namespace SstpFarm.DataPlane.Listener;

/// <summary>
/// Ends a connection with a FIN, not a reset: TLS close_notify, shutdown(SHUT_WR), then read and discard
/// until the peer closes too or the cancellation token fires — closing a socket with unread
/// input makes Linux send RST, which would cut off the answer we just wrote.
/// </summary>
internal static class GracefulClose
{
    public static async Task CloseAsync(Stream stream, Socket socket, CancellationToken cancellationToken)
    {
        byte[]? scratch = null;
        try
        {
            if (stream is SslStream ssl && !cancellationToken.IsCancellationRequested)
            {
                await ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            socket.Shutdown(SocketShutdown.Send);
            scratch = ArrayPool<byte>.Shared.Rent(4096);
            while (!cancellationToken.IsCancellationRequested
                && await socket.ReceiveAsync(scratch, SocketFlags.None, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer reset or the time ran out: nothing more to be polite about.
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            Abort(stream, socket);
        }
    }

    /// <summary>Closes at once (timeouts, protocol garbage).</summary>
    public static void Abort(Stream stream, Socket socket)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Already broken.
        }

        socket.Dispose();
    }
}
