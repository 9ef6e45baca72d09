using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.DataPlane.Auth;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Listener;
using SstpFarm.DataPlane.Telemetry;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Net;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Server;

namespace SstpFarm.DataPlane.Sessions;

/// <summary>
/// One SSTP connection after its HTTP handshake (style.md item 4): ONE read loop owns the SSTP state
/// machine and the PPP link (under <see cref="_gate"/>, which the node's heartbeat also takes to run
/// timers), and ONE write loop drains a channel, coalescing packets into large TLS writes. Idle sessions
/// hold no buffer: the reader waits with a zero-byte read and rents only when data is there; the writer
/// returns its batch buffer whenever the queue runs empty.
/// </summary>
/// <remarks>
/// Fields touched by other threads: the TUN readers call <see cref="TryEnqueueFromTun"/>, which reads the
/// volatile flags <see cref="_ipv4Open"/>/<see cref="_ipv6Open"/>/<see cref="_peerMru"/> and writes to the
/// channel; the heartbeat calls <see cref="OnHeartbeat"/>. Everything else belongs to the read loop or is
/// changed under <see cref="_gate"/>.
/// </remarks>
internal sealed class SstpServerSession : IForwardingEndpoint, ISstpServerOutput, IPppLinkHost, IDisposable
{
    /// <summary>Read buffer: one TLS record's plaintext (16 KiB) holds several SSTP packets.</summary>
    private const int ReadBufferSize = 16 * 1024;

    /// <summary>Coalesce up to this many bytes per TLS write (design.md §5: 16 KiB writes ≈ 4× the throughput of 1400-byte ones).</summary>
    private const int WriteBatchSize = 16 * 1024;

    /// <summary>After SSTP teardown, time for the peer to read our last packets and close first.</summary>
    private const int CloseDrainMs = 2000;

    private const int DataHeaderLength = SstpConstants.HeaderLength + PppFrameCodec.HeaderLength;

    private readonly SessionServices _services;
    private readonly Stream _stream;
    private readonly Socket _socket;
    private readonly IPEndPoint? _client;
    private readonly Lock _gate = new();
    private readonly SstpServerStateMachine _sstp;
    private readonly PppLink _link;
    private readonly Channel<OutboundFrame> _outbound = Channel.CreateUnbounded<OutboundFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly CancellationTokenSource _abort = new();
    private readonly long _startedMs;
    private readonly int _queueCapacity;
    private readonly SessionSetupTelemetry _setup;

    private volatile bool _ipv4Open;
    private volatile bool _ipv6Open;
    private volatile bool _closing;
    private volatile int _peerMru;
    private int _queuedData;
    private long _nextDeadlineMs = long.MaxValue;
    private long _closeDeadlineMs = long.MaxValue;
    private long _bytesIn;
    private long _bytesOut;
    private volatile bool _bytesCounted;

    // Owned by the read loop / changed under _gate.
    private bool _dataAllowed;
    private bool _pendingLinkStart;
    private bool _pendingLowerLayerDown;
    private bool _shutdownRequested;
    private bool _adminDisconnectRequested;
    private ConnectionCloseReason _closeReason;
    private ConnectionCloseReason _overrideReason;
    private PppLinkCloseReason? _pppReason;
    private ushort _mssV4;
    private ushort _mssV6;
    private string? _userName;
    private IpLease? _lease;
    private IPAddress? _routedV4;
    private IPAddress? _routedV6;
    private bool _registered;
    private DateTimeOffset? _registeredAt;
    private IpAllocationStatus? _allocationStatus;

    public SstpServerSession(SessionServices services, HandshakeResult handshake, Socket socket, SessionSetupTelemetry setup)
    {
        _setup = setup;
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(handshake);
        _services = services;
        _stream = handshake.Stream;
        _socket = socket;
        _client = handshake.ClientEndPoint;
        Pipelined = handshake.Pipelined;
        Id = services.Options.NodeId + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _queueCapacity = services.Options.SessionQueueCapacity;
        _startedMs = services.Clock.NowMs;
        _peerMru = services.Options.Mtu;
        SetMss(services.Options.Mtu);
        _sstp = new SstpServerStateMachine(services.Options.Sstp, handshake.Credentials.Hashes, services.Random, this);
        _link = new PppLink(services.LinkOptions, this, services.Random);
    }

    /// <summary>Unique across the cluster: node id + 64 random bits.</summary>
    public string Id { get; }

    public SessionStage Stage { get; private set; } = SessionStage.SstpNegotiation;

    /// <summary>Why it ended (None while up).</summary>
    public ConnectionCloseReason CloseReason => _closeReason;

    public string? UserName => _userName;

    public IPAddress? Address => _routedV4;

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>
    /// What the session registry should hold for this session (the node's own truth, for
    /// reconciliation after Redis lost writes); null before it was registered or once it is closing.
    /// </summary>
    public SessionRecord? ToRegistryRecord()
    {
        lock (_gate)
        {
            if (!_registered || _closing || _userName is null || _registeredAt is not { } registeredAt)
            {
                return null;
            }

            return new SessionRecord(Id, _userName, _services.Options.NodeId, _routedV4, _client, registeredAt) { BytesIn = BytesIn, BytesOut = BytesOut };
        }
    }

    /// <summary>True once the session's bytes were added to the node's totals (it ended).</summary>
    public bool BytesCounted => _bytesCounted;

    private ReadOnlyMemory<byte> Pipelined { get; }

    private long Now => _services.Clock.NowMs;

    /// <summary>Runs the session to its end: both loops, then clean-up (routes, lease, registry) and the one close log line.</summary>
    public async Task RunAsync()
    {
        _services.Counters.CountStarted();
        lock (_gate)
        {
            _setup.Enter(SetupStage.Sstp);
        }

        SessionLog.SessionStarted(_services.Logger, Id, _client);
        lock (_gate)
        {
            _sstp.Start(Now);
            AfterStateChange();
        }

        Task writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SessionLog.SessionFault(_services.Logger, Id, e);
            _overrideReason = ConnectionCloseReason.InternalError;
        }

        lock (_gate)
        {
            // The peer closed (or the transport failed) before an SSTP teardown finished.
            _sstp.OnTransportClosed(Now);
            AfterStateChange();
        }

        _outbound.Writer.TryComplete();
        if (Interlocked.Read(ref _closeDeadlineMs) == long.MaxValue)
        {
            Interlocked.Exchange(ref _closeDeadlineMs, Now + CloseDrainMs);
        }

        await writer.ConfigureAwait(false);
        GracefulClose.Abort(_stream, _socket);
        await CleanUpAsync().ConfigureAwait(false);
    }

    /// <summary>Node heartbeat (any thread): runs due timers; enforces the close deadline.</summary>
    public void OnHeartbeat(long nowMs)
    {
        if (nowMs >= Interlocked.Read(ref _closeDeadlineMs))
        {
            CancelLoops();
        }

        if (nowMs < Interlocked.Read(ref _nextDeadlineMs))
        {
            return;
        }

        lock (_gate)
        {
            _sstp.Tick(nowMs);
            _link.Tick(nowMs);
            AfterStateChange();
        }
    }

    /// <summary>Graceful stop: Call Disconnect (MS-SSTP §3.1.1.1); the session ends when the client acknowledges or the timer runs out.</summary>
    public void Shutdown()
    {
        lock (_gate)
        {
            _shutdownRequested = true;
            _sstp.Disconnect(Now, SstpCloseReason.AdminDisconnect);
            AfterStateChange();
        }
    }

    /// <summary>
    /// An operator's disconnect (a farm command): Call Disconnect like <see cref="Shutdown"/>, but the
    /// session ends as <see cref="ConnectionCloseReason.AdminDisconnect"/>.
    /// </summary>
    public void Disconnect()
    {
        lock (_gate)
        {
            _adminDisconnectRequested = true;
            _sstp.Disconnect(Now, SstpCloseReason.AdminDisconnect);
            AfterStateChange();
        }
    }

    /// <summary>Stop waiting: end both loops now (after the shutdown timeout).</summary>
    public void Abort()
    {
        _shutdownRequested = true;
        CancelLoops();
    }

    // ---------------------------------------------------------------- read loop (owner)

    private async Task ReadLoopAsync()
    {
        CancellationToken cancellationToken = _abort.Token;
        byte[]? buffer = null;
        int held = 0;
        try
        {
            if (!Pipelined.IsEmpty)
            {
                buffer = ArrayPool<byte>.Shared.Rent(Math.Max(ReadBufferSize, Pipelined.Length + SstpConstants.MaxPacketLength));
                Pipelined.CopyTo(buffer);
                held = Pipelined.Length;
                held = Consume(buffer, held);
                if (held < 0)
                {
                    return;
                }
            }

            while (true)
            {
                if (held == 0)
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }

                    // Wait for data without a buffer: SslStream and sockets complete a zero-byte read when data arrives.
                    await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(ReadBufferSize);
                int n = await _stream.ReadAsync(buffer.AsMemory(held), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                Interlocked.Add(ref _bytesIn, n);
                held = Consume(buffer, held + n);
                if (held < 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Close deadline or node stop.
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            if (!_closing)
            {
                _overrideReason = ConnectionCloseReason.TransportError;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Handles every whole packet in <c>buffer[..length]</c>; moves a partial one to the front. Returns the bytes kept, or -1 to stop reading.</summary>
    private int Consume(byte[] buffer, int length)
    {
        // MS-SSTP §2.2.1: packets are delineated by the header's length field.
        int offset = 0;
        bool sawData = false;
        while (true)
        {
            Span<byte> rest = buffer.AsSpan(offset, length - offset);
            OperationStatus status = SstpPacketHeader.TryReadPacket(rest, out SstpPacketHeader header, out _);
            if (status == OperationStatus.NeedMoreData)
            {
                break;
            }

            if (status == OperationStatus.InvalidData)
            {
                lock (_gate)
                {
                    _sstp.OnDelineationFailure(Now);
                    AfterStateChange();
                }

                return -1;
            }

            Span<byte> packet = rest[..header.PacketLength];
            if (header.IsControl)
            {
                lock (_gate)
                {
                    _sstp.OnControlPacket(packet, Now);
                    AfterStateChange();
                }
            }
            else
            {
                sawData = true;
                OnDataPacket(packet[SstpConstants.HeaderLength..]);
            }

            offset += header.PacketLength;
        }

        if (sawData)
        {
            lock (_gate)
            {
                _sstp.OnDataPacketReceived(Now);
                AfterStateChange();
            }
        }

        int kept = length - offset;
        if (kept > 0 && offset > 0)
        {
            buffer.AsSpan(offset, kept).CopyTo(buffer);
        }

        // After clean-up the state machine ignores input; reading on (to EOF or the close deadline) makes our close a FIN.
        return kept;
    }

    private void OnDataPacket(Span<byte> frame)
    {
        // MS-SSTP §2.2.3: one PPP frame; RFC 1661 §2 protocol classes.
        if (PppFrameCodec.TryDecode(frame, out PppFrame ppp) != OperationStatus.Done)
        {
            _services.Counters.CountInvalidFrame();
            return;
        }

        ushort protocol = ppp.Protocol;
        if (PppProtocol.IsNetworkData(protocol))
        {
            bool open = protocol == PppProtocol.Ipv4 ? _ipv4Open : protocol == PppProtocol.Ipv6 && _ipv6Open;
            if (!open)
            {
                _services.Counters.CountNotOpen();
                return;
            }

            Span<byte> packet = frame[ppp.HeaderLength..];
            if (packet.Length > _services.Options.Mtu)
            {
                // RFC 1661 §6.1: we announced this MRU; a bigger packet would leave the TUN larger
                // than the tunnel MTU we promised the rest of the network. Drop and count it.
                _services.Counters.CountOversize();
                return;
            }

            TcpMssClamp.Clamp(packet, _mssV4, _mssV6);
            _services.Forwarder.WriteToTun(this, packet);
            return;
        }

        lock (_gate)
        {
            if (_sstp.MayForwardPppFrame(protocol))
            {
                _link.Receive(protocol, ppp.Information, Now);
                AfterStateChange();
            }
        }
    }

    // ---------------------------------------------------------------- write loop

    private async Task WriteLoopAsync()
    {
        ChannelReader<OutboundFrame> reader = _outbound.Reader;
        CancellationToken cancellationToken = _abort.Token;
        byte[]? batch = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.TryRead(out OutboundFrame first))
                {
                    continue;
                }

                if (!reader.TryPeek(out _))
                {
                    // A lone packet: write it from its own buffer, no copy.
                    try
                    {
                        await _stream.WriteAsync(first.Memory, cancellationToken).ConfigureAwait(false);
                        Interlocked.Add(ref _bytesOut, first.Length);
                    }
                    finally
                    {
                        Release(first);
                    }

                    continue;
                }

                batch ??= ArrayPool<byte>.Shared.Rent(WriteBatchSize + SstpConstants.MaxPacketLength);
                int used = Append(batch, 0, first);
                while (used < WriteBatchSize && reader.TryRead(out OutboundFrame next))
                {
                    used = Append(batch, used, next);
                }

                await _stream.WriteAsync(batch.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _bytesOut, used);
                if (!reader.TryPeek(out _))
                {
                    ArrayPool<byte>.Shared.Return(batch);
                    batch = null;
                }
            }

            // Teardown finished and every packet (the last Call Abort / Disconnect Ack) is out: TLS close_notify, then FIN.
            if (_stream is System.Net.Security.SslStream ssl)
            {
                await ssl.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Transport gone or time is up; the read loop notices too.
            CancelLoops();
        }
        finally
        {
            if (batch is not null)
            {
                ArrayPool<byte>.Shared.Return(batch);
            }

            while (reader.TryRead(out OutboundFrame left))
            {
                Release(left);
            }
        }
    }

    private int Append(byte[] batch, int used, OutboundFrame frame)
    {
        frame.Span.CopyTo(batch.AsSpan(used));
        Release(frame);
        return used + frame.Length;
    }

    private void Release(OutboundFrame frame)
    {
        if (frame.IsData)
        {
            Interlocked.Decrement(ref _queuedData);
        }

        frame.ReturnBuffer();
    }

    private void CancelLoops()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    // ---------------------------------------------------------------- TUN → client (TUN reader threads)

    /// <inheritdoc />
    public bool TryEnqueueFromTun(TunPacket packet)
    {
        Span<byte> ip = packet.Packet;
        bool v4 = IpPacket.GetVersion(ip) == 4;
        if (_closing || !(v4 ? _ipv4Open : _ipv6Open))
        {
            _services.Counters.CountNotOpen();
            packet.Return();
            return true;
        }

        if (packet.Length > _peerMru)
        {
            // RFC 1661 §6.1: never send more than the peer's MRU; the sender's PMTU discovery copes.
            _services.Counters.CountOversize();
            packet.Return();
            return true;
        }

        if (Interlocked.Increment(ref _queuedData) > _queueCapacity)
        {
            Interlocked.Decrement(ref _queuedData);
            _services.Counters.CountQueueFull();
            return false;
        }

        TcpMssClamp.Clamp(ip, _mssV4, _mssV6);
        Span<byte> framed = packet.WithHeader(DataHeaderLength);
        PppFrameCodec.WriteHeader(framed[SstpConstants.HeaderLength..], v4 ? PppProtocol.Ipv4 : PppProtocol.Ipv6);
        int length = SstpDataPacket.WriteHeaderInPlace(framed, PppFrameCodec.HeaderLength + packet.Length);
        if (length == 0 || !_outbound.Writer.TryWrite(new OutboundFrame(packet.Buffer, TunPacket.Headroom - DataHeaderLength, length, isData: true)))
        {
            Interlocked.Decrement(ref _queuedData);
            _services.Counters.CountNotOpen();
            packet.Return();
        }

        return true;
    }

    // ---------------------------------------------------------------- ISstpServerOutput (called under _gate)

    void ISstpServerOutput.SendControlPacket(ReadOnlySpan<byte> packet) => EnqueueControl(packet);

    void ISstpServerOutput.LowerLayerUp() => _pendingLinkStart = true;

    void ISstpServerOutput.DataFramesAllowed() => _dataAllowed = true;

    void ISstpServerOutput.CloseConnection(SstpCloseReason reason)
    {
        _closeReason = (ConnectionCloseReason)(int)reason;
        _closing = true;
        _dataAllowed = false;
        Stage = SessionStage.Closing;
        _pendingLowerLayerDown = true;
        Interlocked.Exchange(ref _closeDeadlineMs, Now + CloseDrainMs);

        // The writer sends what is queued (the last Call Abort / Disconnect Ack), then closes TLS and TCP.
        _outbound.Writer.TryComplete();
    }

    private void EnqueueControl(ReadOnlySpan<byte> packet)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(packet.Length);
        packet.CopyTo(buffer);
        if (!_outbound.Writer.TryWrite(new OutboundFrame(buffer, 0, packet.Length, isData: false)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // ---------------------------------------------------------------- IPppLinkHost (called under _gate)

    void IPppLinkHost.SendControl(ushort protocol, ReadOnlySpan<byte> packet)
    {
        // MS-SSTP §3.3.7.1: PPP control frames only between Call Connect Ack and teardown.
        if (!_sstp.MayForwardPppFrame(protocol) || DataHeaderLength + packet.Length > SstpConstants.MaxPacketLength)
        {
            return;
        }

        int length = DataHeaderLength + packet.Length;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        PppFrameCodec.WriteHeader(buffer.AsSpan(SstpConstants.HeaderLength), protocol);
        packet.CopyTo(buffer.AsSpan(DataHeaderLength));
        SstpDataPacket.WriteHeaderInPlace(buffer, PppFrameCodec.HeaderLength + packet.Length);
        if (!_outbound.Writer.TryWrite(new OutboundFrame(buffer, 0, length, isData: false)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    void IPppLinkHost.OnVerificationRequested(AuthVerificationRequest request)
    {
        Stage = SessionStage.Authenticating;
        ValueTask<AuthDecision> pending = _services.Authentication.DecideAsync(request, _client?.Address, Now, _abort.Token);
        if (pending.IsCompletedSuccessfully)
        {
            ApplyDecision(request, pending.Result);
        }
        else
        {
            _ = ApplyDecisionLaterAsync(request, pending);
        }
    }

    void IPppLinkHost.OnAuthenticated(AuthResult result)
    {
        _services.Authentication.OnResult(result, _client?.Address, Now);
        if (!result.Succeeded)
        {
            SessionLog.AuthenticationFailed(_services.Logger, Id, _client, result.UserName, result.Method, result.FailureReason);
            _overrideReason = ConnectionCloseReason.AuthenticationFailed;
            return;
        }

        _userName ??= result.UserName;
        SessionLog.Authenticated(_services.Logger, Id, _client, _userName, result.Method);

        // MS-SSTP §3.3.5.2.3: the HLAK completes a Call Connected that may already be waiting.
        _sstp.SetHigherLayerAuthenticationKey(result.Hlak, Now);
        Stage = SessionStage.AddressAllocation;
        _setup.Enter(SetupStage.Ipcp);
        _ = AllocateAddressAsync(_userName);
    }

    void IPppLinkHost.OnNetworkLayerUp(ushort protocol)
    {
        if (protocol == PppProtocol.Ipcp && _link.Ipcp?.PeerAddress is IPAddress v4)
        {
            if (!_services.Table.TryAdd(v4, this))
            {
                SessionLog.AddressConflict(_services.Logger, Id, v4);
                _overrideReason = ConnectionCloseReason.AddressAllocationFailed;
                _link.Close(Now);
                return;
            }

            _routedV4 = v4;
            _peerMru = Math.Min(_link.PeerMru, TunPacket.MaxPacketLength);
            SetMss(Math.Min(_services.Options.Mtu, _peerMru));
            Stage = SessionStage.Connected;
            _services.Counters.CountConnected();
            SessionLog.Connected(_services.Logger, Id, _userName ?? string.Empty, v4);
            _setup.Succeed();
            _ = WriteRegistryAsync("address", r => r.UpdateAddressAsync(Id, v4));
        }
        else if (protocol == PppProtocol.Ipv6cp && _link.Ipv6cp is { PeerInterfaceIdentifier: not 0 } ipv6cp)
        {
            IPAddress v6 = LinkLocal(ipv6cp.PeerInterfaceIdentifier);
            if (_services.Table.TryAdd(v6, this))
            {
                _routedV6 = v6;
            }
        }
    }

    void IPppLinkHost.OnNetworkLayerDown(ushort protocol)
    {
        if (protocol == PppProtocol.Ipcp && _routedV4 is not null)
        {
            _services.Table.TryRemove(_routedV4, this);
            _routedV4 = null;
        }
        else if (protocol == PppProtocol.Ipv6cp && _routedV6 is not null)
        {
            _services.Table.TryRemove(_routedV6, this);
            _routedV6 = null;
        }
    }

    void IPppLinkHost.OnLinkFinished(PppLinkCloseReason reason)
    {
        SessionLog.PppLinkFinished(_services.Logger, Id, reason);
        _pppReason ??= reason;
        if (reason != PppLinkCloseReason.LowerLayerDown)
        {
            _sstp.Disconnect(Now, reason is PppLinkCloseReason.AuthenticationFailed ? SstpCloseReason.AuthenticationFailed : SstpCloseReason.PppTerminated);
        }
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>
    /// After every entry into the state machine or the link (under <see cref="_gate"/>): runs the calls they
    /// asked for that would re-enter them (so neither is ever re-entered), refreshes the data-path flags
    /// and the next deadline.
    /// </summary>
    private void AfterStateChange()
    {
        long now = Now;
        while (_pendingLinkStart || _pendingLowerLayerDown)
        {
            if (_pendingLinkStart)
            {
                _pendingLinkStart = false;
                Stage = SessionStage.PppEstablish;
                _setup.Enter(SetupStage.Lcp);
                _link.Start(now);
            }

            if (_pendingLowerLayerDown)
            {
                _pendingLowerLayerDown = false;
                _link.LowerLayerDown(now);
            }
        }

        if (_setup.Stage == SetupStage.Lcp && _link.Phase is PppLinkPhase.Authenticate or PppLinkPhase.Network)
        {
            _setup.Enter(SetupStage.Auth);
        }

        bool up = _dataAllowed && !_closing;
        _ipv4Open = up && _routedV4 is not null && _link.IsNetworkProtocolOpen(PppProtocol.Ipv4);
        _ipv6Open = up && _routedV6 is not null && _link.IsNetworkProtocolOpen(PppProtocol.Ipv6);
        Interlocked.Exchange(ref _nextDeadlineMs, _sstp.IsClosed ? long.MaxValue : Math.Min(_sstp.NextDeadlineMs, _link.NextDeadlineMs));
    }

    private void ApplyDecision(AuthVerificationRequest request, AuthDecision decision)
    {
        long now = Now;
        _userName = decision.UserName;
        switch (decision.Kind)
        {
            case AuthDecisionKind.VerifyWithNtHash:
                _link.AcceptWithNtHash(request, decision.Secret.Span, now);
                break;
            case AuthDecisionKind.VerifyWithSecret:
                _link.AcceptWithSecret(request, decision.Secret.Span, now);
                break;
            default:
                SessionLog.RefusedByBackoff(_services.Logger, Id, _client, decision.UserName);
                _link.RejectVerification(request, now);
                break;
        }
    }

    private async Task ApplyDecisionLaterAsync(AuthVerificationRequest request, ValueTask<AuthDecision> pending)
    {
        AuthDecision decision;
        try
        {
            decision = await pending.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SessionLog.SessionFault(_services.Logger, Id, e);
            decision = AuthDecision.Refused(request.UserName);
        }

        lock (_gate)
        {
            if (!_closing)
            {
                ApplyDecision(request, decision);
                AfterStateChange();
            }
        }
    }

    private async Task AllocateAddressAsync(string userName)
    {
        IpAllocationResult result;
        try
        {
            IPAddress? fixedAddress = _services.Authentication.GetStaticAddress(userName);
            result = await _services.Pool.AllocateAsync(new IpAllocationRequest(Id, userName, fixedAddress), _abort.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SessionLog.ControlPlaneWriteFailed(_services.Logger, Id, "allocate", e);
            result = new IpAllocationResult(IpAllocationStatus.Unavailable);
        }

        lock (_gate)
        {
            _allocationStatus = result.Status;
            if (result.Succeeded)
            {
                _lease = result.Lease;
            }

            if (_closing)
            {
                return; // clean-up releases the lease
            }

            if (!result.Succeeded)
            {
                SessionLog.AddressAllocationFailed(_services.Logger, Id, userName, _services.Pool.Name, result.Status.ToString());
                _overrideReason = ConnectionCloseReason.AddressAllocationFailed;
                _link.Close(Now);
            }
            else
            {
                Stage = SessionStage.NetworkNegotiation;
                IReadOnlyList<IPAddress> dns = _services.Options.DnsServers;
                _link.BeginNetworkPhase(
                    _services.Options.ServerTunnelAddress!,
                    result.Lease!.Address,
                    dns.Count > 0 ? dns[0] : null,
                    dns.Count > 1 ? dns[1] : null,
                    Now);
            }

            AfterStateChange();
        }

        if (result.Succeeded)
        {
            DateTimeOffset registeredAt;
            lock (_gate)
            {
                // Read under the lock: a reconciliation that did not see this session registered
                // prunes only sessions registered before it began (ReconcileNodeAsync).
                registeredAt = _services.Clock.UtcNow;
                _registered = true;
                _registeredAt = registeredAt;
            }

            await WriteRegistryAsync("register", r => r.RegisterAsync(new SessionRecord(Id, userName, _services.Options.NodeId, null, _client, registeredAt))).ConfigureAwait(false);
        }
    }

    private async Task CleanUpAsync()
    {
        IPAddress? v4;
        IPAddress? v6;
        IpLease? lease;
        lock (_gate)
        {
            v4 = _routedV4;
            v6 = _routedV6;
            lease = _lease;
            _routedV4 = _routedV6 = null;
            _ipv4Open = _ipv6Open = false;
            _closeReason = FinalReason();
        }

        if (v4 is not null)
        {
            _services.Table.TryRemove(v4, this);
        }

        if (v6 is not null)
        {
            _services.Table.TryRemove(v6, this);
        }

        if (lease is not null)
        {
            await WriteControlPlaneAsync("release", () => _services.Pool.ReleaseAsync(Id)).ConfigureAwait(false);
        }

        if (_registered)
        {
            await WriteRegistryAsync("unregister", r => r.UnregisterAsync(Id)).ConfigureAwait(false);
        }

        _services.Counters.CountClosed(_closeReason);
        _services.Counters.AddClosedSessionBytes(BytesIn, BytesOut, () => _bytesCounted = true);

        LogLevel level = _closeReason is >= ConnectionCloseReason.CryptoBindingFormatError and <= ConnectionCloseReason.CryptoBindingMacMismatch or ConnectionCloseReason.InternalError
            ? LogLevel.Warning
            : LogLevel.Information;
        SessionLog.Closed(_services.Logger, level, Id, _client, _userName, Stage, _closeReason, Now - _startedMs, BytesIn, BytesOut);

        // After the close line, which still carries the trace context of a setup that failed.
        lock (_gate)
        {
            if (_setup.Finished)
            {
                _services.Metrics.RecordEnd(_closeReason);
            }
            else
            {
                _setup.Fail(_closeReason, _allocationStatus);
            }
        }
    }

    public void Dispose() => _abort.Dispose();

    private ConnectionCloseReason FinalReason()
    {
        if (_shutdownRequested)
        {
            return ConnectionCloseReason.NodeShutdown;
        }

        if (_adminDisconnectRequested)
        {
            return ConnectionCloseReason.AdminDisconnect;
        }

        if (_overrideReason != ConnectionCloseReason.None
            && _closeReason is ConnectionCloseReason.None or ConnectionCloseReason.TransportClosed or ConnectionCloseReason.PppTerminated or ConnectionCloseReason.AuthenticationFailed)
        {
            return _overrideReason;
        }

        if (_closeReason == ConnectionCloseReason.PppTerminated)
        {
            return _pppReason switch
            {
                PppLinkCloseReason.PeerTerminated => ConnectionCloseReason.PppPeerTerminated,
                PppLinkCloseReason.NegotiationFailed => ConnectionCloseReason.PppNegotiationFailed,
                PppLinkCloseReason.KeepaliveFailed => ConnectionCloseReason.PppKeepaliveFailed,
                PppLinkCloseReason.AuthenticationRefused => ConnectionCloseReason.AuthenticationRefused,
                PppLinkCloseReason.AuthenticationFailed => ConnectionCloseReason.AuthenticationFailed,
                _ => ConnectionCloseReason.PppTerminated,
            };
        }

        return _closeReason == ConnectionCloseReason.None ? ConnectionCloseReason.TransportClosed : _closeReason;
    }

    private Task WriteRegistryAsync(string operation, Func<ISessionRegistry, ValueTask<SessionRegistryStatus>> write) =>
        WriteControlPlaneAsync(operation, async () => await write(_services.Registry).ConfigureAwait(false));

    private async Task WriteControlPlaneAsync<T>(string operation, Func<ValueTask<T>> write)
    {
        // The control plane sits behind the data path: a failure is logged, never fatal (ISessionRegistry).
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SessionLog.ControlPlaneWriteFailed(_services.Logger, Id, operation, e);
        }
    }

    private void SetMss(int mtu)
    {
        // interop.md item 44: MSS = tunnel MTU − 40 (IPv4) / − 60 (IPv6).
        _mssV4 = (ushort)(mtu - 40);
        _mssV6 = (ushort)(mtu - 60);
    }

    private static IPAddress LinkLocal(ulong interfaceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes[0] = 0xFE;
        bytes[1] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], interfaceId);
        return new IPAddress(bytes);
    }
}
