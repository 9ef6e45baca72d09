using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SstpFarm.DataPlane.Interop;

namespace SstpFarm.DataPlane.Listener;

/// <summary>
/// A plain listening socket (dual-stack when bound to [::]) and its accept loop. Each accepted socket is
/// handed to <c>onAccepted</c>, which must not block; connections over the half-open limit are closed at
/// once, before any TLS work is spent on them.
/// </summary>
internal sealed class ConnectionListener : IDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly Func<Socket, bool> _tryAdmit;
    private readonly Action<Socket> _onAccepted;

    private ConnectionListener(Socket socket, ILogger logger, Func<Socket, bool> tryAdmit, Action<Socket> onAccepted)
    {
        _socket = socket;
        _logger = logger;
        _tryAdmit = tryAdmit;
        _onAccepted = onAccepted;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds and listens (in <paramref name="networkNamespacePath"/> when given).</summary>
    public static ConnectionListener Bind(IPEndPoint endPoint, int backlog, string? networkNamespacePath, ILogger logger, Func<Socket, bool> tryAdmit, Action<Socket> onAccepted)
    {
        // A socket belongs to the namespace of the thread that created it.
        Socket socket = NetworkNamespaceRunner.Run(networkNamespacePath, () =>
        {
            var s = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
                {
                    s.DualMode = true;
                }

                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.Bind(endPoint);
                s.Listen(backlog);
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        });
        return new ConnectionListener(socket, logger, tryAdmit, onAccepted);
    }

    public async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE/ENFILE and friends: back off a little instead of spinning.
                ListenerLog.AcceptFailed(_logger, e);
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            if (!_tryAdmit(accepted))
            {
                accepted.Dispose();
                continue;
            }

            accepted.NoDelay = true;
            _onAccepted(accepted);
        }
    }

    public void Dispose() => _socket.Dispose();
}
