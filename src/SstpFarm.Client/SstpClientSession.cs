using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using SstpFarm.Client.Session;
using SstpFarm.Client.Tls;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Sstp.Http;

namespace SstpFarm.Client;

/// <summary>
/// One SSTP VPN session in user space: TCP + TLS, the SSTP HTTP handshake, SSTP call control and PPP
/// (LCP, PAP / CHAP-MD5 / MS-CHAPv2 / EAP-MSCHAPv2, crypto binding, IPCP/IPV6CP). Open it with
/// <see cref="ConnectAsync"/>; then send and receive raw IP packets; end it with
/// <see cref="DisconnectAsync"/>. Thread-safe: any thread may send, receive or hang up.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD003", Justification = "The engine's completion sources run continuations asynchronously; no synchronisation context is involved.")]
public sealed class SstpClientSession : IAsyncDisposable
{
    private readonly SessionEngine _engine;
    private int _disconnectRequested;

    private SstpClientSession(SessionEngine engine, SstpSessionInfo info)
    {
        _engine = engine;
        Info = info;
        _ = engine.Completion.ContinueWith(t => Disconnected?.Invoke(this, t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>What the server assigned: address, DNS, MTU, methods used.</summary>
    public SstpSessionInfo Info { get; }

    /// <summary>Completes when the session has ended, with how it ended.</summary>
    public Task<SstpDisconnectInfo> Completion => _engine.Completion;

    /// <summary>Raised once when the session ends (on a thread-pool thread).</summary>
    public event EventHandler<SstpDisconnectInfo>? Disconnected;

    public SstpSessionCounters Counters => _engine.Counters;

    /// <summary>
    /// Connects and returns once IPCP is open (the address is known and IPv4 packets can flow).
    /// Throws <see cref="SstpConnectException"/> naming the stage that failed.
    /// </summary>
    /// <param name="options">Server, credentials, trust.</param>
    /// <param name="onConnected">Called with the assigned values before this method returns (the "connected" event).</param>
    /// <param name="cancellationToken">Cancels connecting (the session is aborted).</param>
    public static async Task<SstpClientSession> ConnectAsync(SstpConnectOptions options, Action<SstpSessionInfo>? onConnected = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        CancellationToken token = timeout.Token;

        SslStream tls = await OpenTlsAsync(options, token).ConfigureAwait(false);
        SessionEngine engine;
        try
        {
            byte[] leftover = await HandshakeAsync(tls, options, token).ConfigureAwait(false);
            byte[] certificate = tls.RemoteCertificate!.GetRawCertData();
            engine = new SessionEngine(options, tls, certificate, leftover);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        engine.Start();
        try
        {
            SstpSessionInfo info = await engine.Connected.WaitAsync(token).ConfigureAwait(false);
            var session = new SstpClientSession(engine, info);
            onConnected?.Invoke(info);
            return session;
        }
        catch (OperationCanceledException)
        {
            engine.Abort();
            await engine.Completion.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SstpConnectException(SstpConnectFailure.Timeout, $"Not connected within {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Queues one IP packet (IPv4 or IPv6, by its version nibble); false if that protocol is not open, it exceeds the MTU, or the send queue is full.</summary>
    public bool TrySend(ReadOnlySpan<byte> ipPacket)
    {
        if (!CanSend(ipPacket, out ushort protocol) || !_engine.SendSlots.Wait(0))
        {
            return false;
        }

        _engine.EnqueueIpPacket(protocol, ipPacket);
        return true;
    }

    /// <summary>Queues one IP packet, waiting for room in the send queue; false if it cannot be sent at all.</summary>
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> ipPacket, CancellationToken cancellationToken = default)
    {
        if (!CanSend(ipPacket.Span, out ushort protocol))
        {
            return false;
        }

        await _engine.SendSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        _engine.EnqueueIpPacket(protocol, ipPacket.Span);
        return true;
    }

    /// <summary>Waits for the next received IP packet and copies it; 0 once the session has ended.</summary>
    /// <exception cref="ArgumentException">The packet is longer than <paramref name="destination"/> (it is dropped).</exception>
    public async ValueTask<int> ReceiveAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ChannelReader<ReceivedPacket> reader = _engine.Received;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (TryReceive(destination.Span, out int length))
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>Copies the next received IP packet if one is waiting.</summary>
    public bool TryReceive(Span<byte> destination, out int length)
    {
        if (!_engine.Received.TryRead(out ReceivedPacket packet))
        {
            length = 0;
            return false;
        }

        try
        {
            if (packet.Length > destination.Length)
            {
                throw new ArgumentException($"A {packet.Length}-byte packet does not fit in {destination.Length} bytes.", nameof(destination));
            }

            packet.Buffer.AsSpan(0, packet.Length).CopyTo(destination);
            length = packet.Length;
            return true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    /// <summary>
    /// Hangs up cleanly (LCP Terminate, SSTP Call Disconnect, wait for the Ack) and returns how it ended.
    /// Falls back to closing the connection if that takes longer than <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public async Task<SstpDisconnectInfo> DisconnectAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _disconnectRequested, 1) == 0)
        {
            _engine.Disconnect();
        }

        try
        {
            return await _engine.Completion.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _engine.Abort();
            return await _engine.Completion.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_engine.Completion.IsCompleted)
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
    }

    private bool CanSend(ReadOnlySpan<byte> ipPacket, out ushort protocol)
    {
        protocol = ipPacket.IsEmpty ? (ushort)0 : (ipPacket[0] >> 4) switch
        {
            4 => PppProtocol.Ipv4,
            6 => PppProtocol.Ipv6,
            _ => (ushort)0,
        };
        return protocol != 0 && ipPacket.Length <= _engine.Mtu && _engine.IsDataOpen(protocol);
    }

    private static async Task<SslStream> OpenTlsAsync(SstpConnectOptions options, CancellationToken token)
    {
        Socket socket;
        try
        {
            socket = options.ConnectSocket is { } connect
                ? await connect(options.Server.IdnHost, options.EffectivePort, token).ConfigureAwait(false)
                : await DefaultConnectAsync(options.Server.IdnHost, options.EffectivePort, token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new SstpConnectException(SstpConnectFailure.Transport, $"TCP connect to {options.Server.IdnHost}:{options.EffectivePort} failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!IsCallerCancellation(e, token))
        {
            throw new SstpConnectException(SstpConnectFailure.Timeout, "TCP connect timed out.", e);
        }

        socket.NoDelay = true;
        var validator = new ServerCertificateValidator(options.TrustedRoots, options.PinnedCertificateSha256, options.CheckCertificateName);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = options.EffectiveHost,
                    RemoteCertificateValidationCallback = validator.Validate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                },
                token).ConfigureAwait(false);
            return tls;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw validator.Rejection is { } why
                ? new SstpConnectException(SstpConnectFailure.CertificateRejected, $"Server certificate rejected: {why}.", e)
                : new SstpConnectException(SstpConnectFailure.Tls, $"TLS handshake failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!IsCallerCancellation(e, token))
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new SstpConnectException(SstpConnectFailure.Timeout, "TLS handshake timed out.", e);
        }
    }

    private static async ValueTask<Socket> DefaultConnectAsync(string host, int port, CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the SSTP_DUPLEX_POST request and reads the response head; returns SSTP bytes that came with it.</summary>
    private static async Task<byte[]> HandshakeAsync(SslStream tls, SstpConnectOptions options, CancellationToken token)
    {
        string host = options.EffectivePort == SstpConnectOptions.DefaultPort ? options.EffectiveHost : $"{options.EffectiveHost}:{options.EffectivePort}";
        byte[] request = new byte[SstpHttpRequestWriter.GetLength(host)];
        SstpHttpRequestWriter.Write(request, host, Guid.NewGuid());
        var parser = new SstpHttpResponseParser(new SstpHttpLimits());
        byte[] received = new byte[SstpHttpLimits.DefaultMaxHeadBytes + 4096];
        int filled = 0;
        try
        {
            await tls.WriteAsync(request, token).ConfigureAwait(false);
            while (true)
            {
                switch (parser.Parse(received.AsSpan(0, filled), out int consumed))
                {
                    case System.Buffers.OperationStatus.Done:
                        return received.AsSpan(consumed, filled - consumed).ToArray();
                    case System.Buffers.OperationStatus.InvalidData:
                        throw new SstpConnectException(SstpConnectFailure.HttpHandshake, $"The server refused the SSTP request: {parser.Error} (HTTP {parser.StatusCode} {parser.ReasonPhrase}).");
                }

                int read = filled < received.Length ? await tls.ReadAsync(received.AsMemory(filled), token).ConfigureAwait(false) : 0;
                if (read == 0)
                {
                    throw new SstpConnectException(SstpConnectFailure.HttpHandshake, "The server closed the connection before answering the SSTP request.");
                }

                filled += read;
            }
        }
        catch (IOException e)
        {
            throw new SstpConnectException(SstpConnectFailure.HttpHandshake, $"The SSTP HTTP handshake failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!IsCallerCancellation(e, token))
        {
            throw new SstpConnectException(SstpConnectFailure.Timeout, "No HTTP answer from the server in time.", e);
        }
    }

    private static bool IsCallerCancellation(OperationCanceledException e, CancellationToken linked) => e.CancellationToken != linked;
}
