using System.Net;
using System.Net.Sockets;
using SstpFarm.DataPlane.Sessions;

namespace SstpFarm.DataPlane.Listener;

/// <summary>
/// An accepted connection before it becomes a session. Its deadline is enforced by the node's heartbeat
/// (style.md item 8), which cancels <see cref="Cancellation"/> once <see cref="DeadlineMs"/> passed.
/// </summary>
internal sealed class PendingConnection : IDisposable
{
    private long _deadlineMs;
    private int _timedOut;

    public PendingConnection(Socket socket, long deadlineMs)
    {
        Socket = socket;
        _deadlineMs = deadlineMs;
        try
        {
            RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        }
        catch (SocketException)
        {
            // Already reset by the peer: the first read fails and ends the handshake.
        }

        ClientEndPoint = RemoteEndPoint;
    }

    public Socket Socket { get; }

    /// <summary>The TCP peer (a balancer when PROXY protocol is used).</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>The client as far as we know: the PROXY header's source, else the TCP peer.</summary>
    public IPEndPoint? ClientEndPoint { get; set; }

    public SessionStage Stage { get; set; } = SessionStage.Accepted;

    public CancellationTokenSource Cancellation { get; } = new();

    public long DeadlineMs
    {
        get => Interlocked.Read(ref _deadlineMs);
        set => Interlocked.Exchange(ref _deadlineMs, value);
    }

    public bool TimedOut => Volatile.Read(ref _timedOut) != 0;

    /// <summary>Heartbeat: cancels the handshake once its deadline passed.</summary>
    public void CheckDeadline(long nowMs)
    {
        if (nowMs >= DeadlineMs && Interlocked.Exchange(ref _timedOut, 1) == 0)
        {
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Finished in the meantime.
            }
        }
    }

    public void Dispose() => Cancellation.Dispose();
}
