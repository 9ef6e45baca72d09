using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Channels;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Client.Session;

/// <summary>
/// One connected TLS stream speaking SSTP + PPP: the read loop, the heartbeat and the application's
/// commands drive the two pure state machines (<see cref="SstpClientStateMachine"/>, <see cref="PppLink"/>)
/// under one lock; the write loop sends what they produce. Data packets bypass the lock: the read
/// loop delivers them to a bounded queue, senders frame them straight into the write queue.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The heartbeat timer is disposed when the session closes; the SemaphoreSlim never allocates a wait handle and may still be awaited by late senders.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD003", Justification = "The completion sources run continuations asynchronously; nothing here needs a synchronisation context.")]
internal sealed class SessionEngine : ISstpClientOutput, IPppLinkHost
{
    private const int HeartbeatMs = 100;
    private const int ReadBufferBytes = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly Stream _stream;
    private readonly SstpClientStateMachine _sstp;
    private readonly PppLink _link;
    private readonly SstpWriteLoop _writer;
    private readonly SemaphoreSlim _sendSlots;
    private readonly Channel<ReceivedPacket> _received;
    private readonly TaskCompletionSource<SstpSessionInfo> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SstpDisconnectInfo> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _certificateSha256;
    private readonly byte[] _initialBytes;
    private readonly Action<string>? _trace;
    private Timer? _heartbeat;
    private long _nowMs;
    private bool _sstpDataOpen;
    private volatile bool _ipv4Open;
    private volatile bool _ipv6Open;
    private volatile int _mtu;
    private bool _closeRequested;
    private bool _closeHandled;
    private SstpClientCloseReason _closeReason;
    private PppLinkCloseReason? _linkReason;
    private AuthMethod _authMethod;
    private bool _authStarted;
    private bool _authSucceeded;
    private Exception? _transportError;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _receiveDrops;

    public SessionEngine(SstpConnectOptions options, Stream stream, ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> initialBytes)
    {
        _stream = stream;
        _certificateSha256 = SHA256.HashData(certificateDer);
        _initialBytes = initialBytes.ToArray();
        _trace = options.Trace;
        _sendSlots = new SemaphoreSlim(options.SendQueueCapacity, options.SendQueueCapacity);
        _writer = new SstpWriteLoop(stream, _sendSlots);
        _received = Channel.CreateBounded<ReceivedPacket>(new BoundedChannelOptions(options.ReceiveQueueCapacity) { SingleWriter = true });
        _sstp = new SstpClientStateMachine(options.Sstp, ServerCertificateHashes.FromCertificate(certificateDer), this);
        _link = new PppLink(
            new PppLinkOptions
            {
                Role = PppRole.Client,
                Lcp = new Protocol.Ppp.Lcp.LcpOptions { Role = PppRole.Client, AuthMethods = options.AuthMethods },
                Auth = options.Auth,
                EnableIpv6 = options.EnableIpv6,
                UserName = options.UserName,
                Password = options.Password,
                RequestDns = options.RequestDns,
            },
            this,
            CryptoRandomSource.Instance);
    }

    public Task<SstpSessionInfo> Connected => _connected.Task;

    public Task<SstpDisconnectInfo> Completion => _completion.Task;

    public ChannelReader<ReceivedPacket> Received => _received.Reader;

    public SemaphoreSlim SendSlots => _sendSlots;

    public bool IsIpv4Open => _ipv4Open;

    public int Mtu => _mtu;

    public SstpSessionCounters Counters => new(_writer.PacketsWritten, _writer.BytesWritten, Interlocked.Read(ref _packetsReceived), Interlocked.Read(ref _bytesReceived), Interlocked.Read(ref _receiveDrops));

    private static long Now => Environment.TickCount64;

    /// <summary>Sends Call Connect Request and starts the read loop, the write loop and the heartbeat.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _nowMs = Now;
            _sstp.Start(_nowMs);
        }

        _ = RunWriterAsync();
        _ = ReadLoopAsync();
        _heartbeat = new Timer(_ => OnHeartbeat(), null, HeartbeatMs, HeartbeatMs);
    }

    /// <summary>Hang up politely: LCP Terminate, then Call Disconnect (the Windows order, sstp.md §11).</summary>
    public void Disconnect()
    {
        lock (_gate)
        {
            _nowMs = Now;
            if (_link.Phase is PppLinkPhase.Dead or PppLinkPhase.Terminate)
            {
                _sstp.Disconnect(_nowMs, SstpClientCloseReason.UserDisconnect);
            }
            else
            {
                _link.Close(_nowMs);
            }

            AfterChange();
        }
    }

    /// <summary>Hang up at once with Call Abort.</summary>
    public void Abort()
    {
        lock (_gate)
        {
            _nowMs = Now;
            _sstp.Abort(_nowMs, SstpClientCloseReason.UserAbort);
            AfterChange();
        }
    }

    /// <summary>Frames an IP packet into the write queue. The caller holds a send slot.</summary>
    public void EnqueueIpPacket(ushort protocol, ReadOnlySpan<byte> packet) => _writer.EnqueueFrame(protocol, packet, isData: true);

    /// <summary>True if IP packets of this PPP protocol may be sent now.</summary>
    public bool IsDataOpen(ushort protocol) => protocol == PppProtocol.Ipv4 ? _ipv4Open : protocol == PppProtocol.Ipv6 && _ipv6Open;

    private async Task RunWriterAsync()
    {
        try
        {
            await _writer.RunAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // any transport failure ends the session the same way; it is reported, not lost
        catch (Exception e)
#pragma warning restore CA1031
        {
            OnTransportFailed(e);
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[]? buffer = null;
        int filled = 0;
        try
        {
            if (_initialBytes.Length > 0)
            {
                buffer = ArrayPool<byte>.Shared.Rent(Math.Max(ReadBufferBytes, _initialBytes.Length));
                _initialBytes.CopyTo(buffer, 0);
                filled = _initialBytes.Length;
            }

            while (true)
            {
                if (buffer is not null && filled > 0)
                {
                    int consumed = Process(buffer.AsSpan(0, filled));
                    if (consumed < 0)
                    {
                        return;
                    }

                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }

                if (IsClosed)
                {
                    return;
                }

                if (filled == 0 && buffer is not null)
                {
                    // Idle sessions hold no buffer: wait with a zero-byte read, then rent (style.md §5).
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }

                if (buffer is null)
                {
                    await _stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
                    buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
                }

                int read = await _stream.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
                if (read == 0)
                {
                    OnTransportFailed(null);
                    return;
                }

                filled += read;
            }
        }
#pragma warning disable CA1031 // any transport failure ends the session the same way; it is reported, not lost
        catch (Exception e)
#pragma warning restore CA1031
        {
            OnTransportFailed(e);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closeHandled;
            }
        }
    }

    /// <summary>Handles every whole packet in <paramref name="data"/>; returns the bytes used, or -1 on a delineation failure.</summary>
    private int Process(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            _nowMs = Now;
            int offset = 0;
            while (true)
            {
                System.Buffers.OperationStatus status = SstpPacketHeader.TryReadPacket(data[offset..], out SstpPacketHeader header, out ReadOnlySpan<byte> packet);
                if (status == System.Buffers.OperationStatus.NeedMoreData)
                {
                    AfterChange();
                    return offset;
                }

                if (status == System.Buffers.OperationStatus.InvalidData)
                {
                    _sstp.OnDelineationFailure(_nowMs);
                    AfterChange();
                    return -1;
                }

                offset += header.PacketLength;
                if (header.IsControl)
                {
                    _trace?.Invoke($"recv SSTP {Convert.ToHexString(packet)}");
                    _sstp.OnControlPacket(packet, _nowMs);
                }
                else
                {
                    OnDataPacket(packet);
                }
            }
        }
    }

    private void OnDataPacket(ReadOnlySpan<byte> packet)
    {
        _sstp.OnDataPacketReceived(_nowMs);
        if (SstpDataPacket.TryGetPppFrame(packet, out ReadOnlySpan<byte> bytes) != System.Buffers.OperationStatus.Done
            || PppFrameCodec.TryDecode(bytes, out PppFrame frame) != System.Buffers.OperationStatus.Done
            || !_sstp.MayForwardPppFrame(frame.Protocol))
        {
            return;
        }

        if (!PppProtocol.IsNetworkData(frame.Protocol))
        {
            _trace?.Invoke($"recv PPP {frame.Protocol:X4} {Convert.ToHexString(frame.Information)}");
            _link.Receive(frame.Protocol, frame.Information, _nowMs);
            return;
        }

        if (!IsDataOpen(frame.Protocol) || frame.Information.IsEmpty)
        {
            return;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(frame.Information.Length);
        frame.Information.CopyTo(copy);
        if (_received.Writer.TryWrite(new ReceivedPacket(copy, frame.Information.Length)))
        {
            _packetsReceived++;
            _bytesReceived += frame.Information.Length;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(copy);
            _receiveDrops++;
        }
    }

    private void OnHeartbeat()
    {
        lock (_gate)
        {
            if (_closeHandled)
            {
                return;
            }

            _nowMs = Now;
            if (_nowMs >= _sstp.NextDeadlineMs)
            {
                _sstp.Tick(_nowMs);
            }

            if (_nowMs >= _link.NextDeadlineMs)
            {
                _link.Tick(_nowMs);
            }

            AfterChange();
        }
    }

    private void OnTransportFailed(Exception? error)
    {
        lock (_gate)
        {
            _nowMs = Now;
            _transportError ??= _closeHandled ? null : error;
            _sstp.OnTransportClosed(_nowMs);
            AfterChange();
        }
    }

    /// <summary>Runs the clean-up the state machines asked for, outside their own calls.</summary>
    private void AfterChange()
    {
        if (!_closeRequested || _closeHandled)
        {
            return;
        }

        _closeHandled = true;
        _link.LowerLayerDown(_nowMs);
        _ipv4Open = _ipv6Open = false;
        _heartbeat?.Dispose();
        _writer.Complete();
        _received.Writer.TryComplete();
        var info = new SstpDisconnectInfo(_closeReason, _linkReason, _sstp.TeardownFromState, _sstp.PeerStatus, _transportError);
        // Some servers (SoftEther with PAP) answer bad credentials with LCP Terminate instead of a Nak.
        SstpConnectFailure failure = _linkReason is PppLinkCloseReason.AuthenticationFailed or PppLinkCloseReason.AuthenticationRefused
            || (_authStarted && !_authSucceeded)
            ? SstpConnectFailure.AuthenticationFailed
            : SstpConnectFailure.Negotiation;
        _connected.TrySetException(new SstpConnectException(failure, $"The session ended before it was up: {info}", _transportError, info));
        _completion.TrySetResult(info);
    }

    private void UpdateDataGates()
    {
        _mtu = _link.PeerMru;
        _ipv4Open = _sstpDataOpen && _link.IsNetworkProtocolOpen(PppProtocol.Ipv4);
        _ipv6Open = _sstpDataOpen && _link.IsNetworkProtocolOpen(PppProtocol.Ipv6);
        if (_ipv4Open && !_connected.Task.IsCompleted)
        {
            Protocol.Ppp.Ipcp.IpcpProtocol ipcp = _link.Ipcp!;
            _connected.TrySetResult(new SstpSessionInfo(
                ipcp.LocalAddress ?? IPAddress.Any,
                ipcp.PeerAddress,
                ipcp.PrimaryDnsAddress,
                ipcp.SecondaryDnsAddress,
                _mtu,
                _authMethod,
                _sstp.HashProtocol,
                _link.Ipv6cp?.State == Protocol.Ppp.Fsm.PppState.Opened ? _link.Ipv6cp.LocalInterfaceIdentifier : null,
                _certificateSha256));
        }
    }

    void ISstpClientOutput.SendControlPacket(ReadOnlySpan<byte> packet)
    {
        _trace?.Invoke($"send SSTP {Convert.ToHexString(packet)}");
        _writer.EnqueueControlPacket(packet);
    }

    void ISstpClientOutput.LowerLayerUp() => _link.Start(_nowMs);

    void ISstpClientOutput.DataFramesAllowed()
    {
        _sstpDataOpen = true;
        UpdateDataGates();
    }

    void ISstpClientOutput.CloseConnection(SstpClientCloseReason reason)
    {
        _closeRequested = true;
        _closeReason = reason;
    }

    void IPppLinkHost.SendControl(ushort protocol, ReadOnlySpan<byte> packet)
    {
        if (_sstp.AllowsPppControlFrames)
        {
            _trace?.Invoke($"send PPP {protocol:X4} {Convert.ToHexString(packet)}");
            _authStarted |= protocol is PppProtocol.Pap or PppProtocol.Chap or PppProtocol.Eap;
            _writer.EnqueueFrame(protocol, packet, isData: false);
        }
    }

    void IPppLinkHost.OnVerificationRequested(AuthVerificationRequest request)
    {
        // Server role only; a client link never asks.
    }

    void IPppLinkHost.OnAuthenticated(AuthResult result)
    {
        _authMethod = result.Method;
        if (result.Succeeded)
        {
            _authSucceeded = true;
            // MS-SSTP §3.2.5.2: bind the TLS channel to the PPP authentication now.
            _sstp.OnAuthenticated(result.Hlak, _nowMs);
        }
    }

    void IPppLinkHost.OnNetworkLayerUp(ushort protocol) => UpdateDataGates();

    void IPppLinkHost.OnNetworkLayerDown(ushort protocol) => UpdateDataGates();

    void IPppLinkHost.OnLinkFinished(PppLinkCloseReason reason)
    {
        _linkReason ??= reason;
        _sstp.Disconnect(_nowMs, reason switch
        {
            PppLinkCloseReason.AuthenticationFailed or PppLinkCloseReason.AuthenticationRefused => SstpClientCloseReason.AuthenticationFailed,
            PppLinkCloseReason.LocalClose => SstpClientCloseReason.UserDisconnect,
            _ => SstpClientCloseReason.PppTerminated,
        });
    }
}
