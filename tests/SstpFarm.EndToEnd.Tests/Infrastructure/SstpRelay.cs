using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A man in the middle for one SSTP connection, in the node namespace: terminates the client's TLS with the
/// node's own certificate (so the client's crypto binding still names the right certificate), opens TLS to
/// the node, and relays whole SSTP packets, letting a test rewrite client packets, inject raw bytes, or go
/// silent in both directions. Records the control messages the node sends.
/// </summary>
public sealed class SstpRelay : IAsyncDisposable
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();
    private readonly Socket _listener;
    private readonly X509Certificate2 _certificate;
    private readonly IPEndPoint _node;
    private readonly string _namespacePath;
    private readonly Func<byte[], byte[]> _rewrite;
    private readonly SemaphoreSlim _toNodeLock = new(1, 1);
    private readonly TaskCompletionSource<SslStream> _toNode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _nodeClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private volatile bool _silent;

    /// <param name="namespacePath">Where to listen and dial (the node's namespace).</param>
    /// <param name="listen">Address to listen on; the port is chosen by the kernel.</param>
    /// <param name="node">The node's listening end point.</param>
    /// <param name="certificate">Presented to the client (with its key).</param>
    /// <param name="rewrite">Applied to every whole SSTP packet from the client, after the HTTP request.</param>
    public SstpRelay(string namespacePath, IPAddress listen, IPEndPoint node, X509Certificate2 certificate, Func<byte[], byte[]>? rewrite = null)
    {
        _namespacePath = namespacePath;
        _node = node;
        _certificate = certificate;
        _rewrite = rewrite ?? (packet => packet);
        _listener = NamespaceSockets.Listen(namespacePath, listen);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _running = RunAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Completes when the node closes its side of the connection (FIN, reset or TLS error).</summary>
    public Task NodeClosed => _nodeClosed.Task;

    /// <summary>SSTP control message types the node sent, in order.</summary>
    public ConcurrentQueue<SstpMessageType> FromNode { get; } = new();

    /// <summary>From now on nothing passes in either direction (a peer that vanished without a FIN).</summary>
    public void GoSilent() => _silent = true;

    /// <summary>Writes raw bytes to the node between two whole client packets.</summary>
    public async Task InjectAsync(byte[] bytes, bool thenCloseToNode = false)
    {
        SslStream toNode = await _toNode.Task;
        await _toNodeLock.WaitAsync();
        try
        {
            await toNode.WriteAsync(bytes);
            await toNode.FlushAsync();
            if (thenCloseToNode)
            {
                await toNode.ShutdownAsync();
            }
        }
        finally
        {
            _toNodeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _running;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The relay's own failures show up as the node's or the client's; the test asserts on those.
        }

        _stop.Dispose();
        _toNodeLock.Dispose();
    }

    private async Task RunAsync()
    {
        using Socket client = await _listener.AcceptAsync(_stop.Token);
        client.NoDelay = true;
        using Socket node = await NamespaceSockets.ConnectAsync(_namespacePath, _node, _stop.Token);
        await using var clientTls = new SslStream(new NetworkStream(client, ownsSocket: false));
        await using var nodeTls = new SslStream(new NetworkStream(node, ownsSocket: false));
        await clientTls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
        await nodeTls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = EndToEndNetwork.ServerName, RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(_certificate.RawData) },
            _stop.Token);
        _toNode.SetResult(nodeTls);
        Task up = PumpAsync(clientTls, nodeTls, _rewrite, _toNodeLock, record: null);
        Task down = PumpAsync(nodeTls, clientTls, packet => packet, writeLock: null, record: FromNode);
        await down.ContinueWith(_ => _nodeClosed.TrySetResult(), TaskScheduler.Default);
        await Task.WhenAny(up, Task.Delay(Timeout.Infinite, _stop.Token)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Copies the HTTP head as is, then whole SSTP packets (MS-SSTP §2.2.1 delineation) through <paramref name="rewrite"/>.</summary>
    private async Task PumpAsync(SslStream from, SslStream to, Func<byte[], byte[]> rewrite, SemaphoreSlim? writeLock, ConcurrentQueue<SstpMessageType>? record)
    {
        byte[] buffer = new byte[64 * 1024];
        int filled = 0;
        bool inHead = true;
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                int offset = 0;
                var output = new List<byte[]>();
                if (inHead)
                {
                    int end = buffer.AsSpan(0, filled).IndexOf(EndOfHead);
                    if (end < 0)
                    {
                        continue;
                    }

                    offset = end + EndOfHead.Length;
                    output.Add(buffer[..offset]);
                    inHead = false;
                }

                while (filled - offset >= 4)
                {
                    int length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 2)) & 0x0FFF;
                    if (length < 4 || filled - offset < length)
                    {
                        break;
                    }

                    byte[] packet = buffer[offset..(offset + length)];
                    if ((packet[1] & 1) == 1 && length >= 6)
                    {
                        record?.Enqueue((SstpMessageType)BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)));
                    }

                    output.Add(rewrite(packet));
                    offset += length;
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
                if (_silent)
                {
                    continue;
                }

                if (writeLock is not null)
                {
                    await writeLock.WaitAsync(_stop.Token);
                }

                try
                {
                    foreach (byte[] chunk in output)
                    {
                        await to.WriteAsync(chunk, _stop.Token);
                    }

                    await to.FlushAsync(_stop.Token);
                }
                finally
                {
                    writeLock?.Release();
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away; the other pump and the test see it.
        }
    }
}
