using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using SstpFarm.DataPlane.Node;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Telemetry;
using SstpFarm.DataPlane.Tls;
using SstpFarm.Protocol.ProxyProtocol;
using SstpFarm.Protocol.Sstp.Http;

namespace SstpFarm.DataPlane.Listener;

/// <summary>
/// Everything between accept and SSTP: the optional PROXY header, TLS, and the SSTP HTTP request
/// (MS-SSTP §3.2.4.1, §4.1). Success answers 200 and hands over the stream with any pipelined bytes; every
/// failure closes the connection here (an HTTP answer then a FIN where one makes sense).
/// </summary>
internal sealed class ConnectionHandshake
{
    /// <summary>Time to let a refused client read our HTTP answer and close first.</summary>
    private const int DrainAfterAnswerMs = 2000;

    private readonly SstpNodeOptions _options;
    private readonly Func<ServerCredentials> _credentials;
    private readonly MonotonicClock _clock;
    private readonly ILogger _logger;
    private readonly Func<bool> _atCapacity;

    public ConnectionHandshake(SstpNodeOptions options, Func<ServerCredentials> credentials, MonotonicClock clock, ILogger logger, Func<bool> atCapacity)
    {
        _options = options;
        _credentials = credentials;
        _clock = clock;
        _logger = logger;
        _atCapacity = atCapacity;
    }

    public async Task<HandshakeOutcome> RunAsync(PendingConnection connection, SessionSetupTelemetry setup)
    {
        CancellationToken cancellationToken = connection.Cancellation.Token;
        long startMs = _clock.NowMs;
        Socket socket = connection.Socket;
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (_options.ProxyProtocol != ProxyProtocolMode.Off)
            {
                connection.Stage = SessionStage.ProxyHeader;
                connection.DeadlineMs = Math.Min(connection.DeadlineMs, startMs + (long)_options.ProxyProtocolTimeout.TotalMilliseconds);
                (HandshakeOutcome? failure, byte[] rest) = await ReadProxyHeaderAsync(connection, cancellationToken).ConfigureAwait(false);
                if (failure is HandshakeOutcome failed)
                {
                    return Fail(connection, stream, failed);
                }

                connection.DeadlineMs = startMs + (long)_options.HandshakeTimeout.TotalMilliseconds;
                if (rest.Length > 0)
                {
                    stream = new PrefixedStream(stream, rest);
                }
            }

            // Captured once: this client's crypto binding must match the certificate this handshake presents.
            ServerCredentials credentials = _credentials();
            if (_options.UseTls)
            {
                connection.Stage = SessionStage.TlsHandshake;
                setup.Enter(SetupStage.Tls);
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsServerAsync(TlsServerSettings.Create(credentials), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException)
                {
                    ListenerLog.TlsHandshakeFailed(_logger, connection.ClientEndPoint, e);
                    return Fail(connection, stream, HandshakeOutcome.Failed(ConnectionCloseReason.TlsHandshakeFailed, e.Message, e));
                }
            }

            connection.Stage = SessionStage.HttpRequest;
            setup.Enter(SetupStage.Http);
            return await ReadRequestAsync(connection, stream, credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.TimedOut)
        {
            return Fail(connection, stream, HandshakeOutcome.Failed(ConnectionCloseReason.HandshakeTimeout));
        }
        catch (OperationCanceledException)
        {
            return Fail(connection, stream, HandshakeOutcome.Failed(ConnectionCloseReason.NodeShutdown));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return Fail(connection, stream, HandshakeOutcome.Failed(ConnectionCloseReason.ClientClosedDuringHandshake, e.Message));
        }
    }

    private async Task<(HandshakeOutcome? Failure, byte[] Remaining)> ReadProxyHeaderAsync(PendingConnection connection, CancellationToken cancellationToken)
    {
        // PROXY protocol §2: the header is sent at once, before any client byte.
        ProxyProtocolLimits limits = _options.ProxyProtocolLimits;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(limits.MaxHeaderBytes + 16);
        try
        {
            int received = 0;
            while (true)
            {
                int n = await connection.Socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return (HandshakeOutcome.Failed(ConnectionCloseReason.ClientClosedDuringHandshake), []);
                }

                received += n;
                ReadOnlySpan<byte> data = buffer.AsSpan(0, received);
                ProxySniff sniff = Sniff(data);
                if (sniff == ProxySniff.Absent)
                {
                    return _options.ProxyProtocol == ProxyProtocolMode.Optional
                        ? (null, data.ToArray())
                        : (HandshakeOutcome.Failed(ConnectionCloseReason.ProxyHeaderMissing), []);
                }

                if (sniff == ProxySniff.NeedMoreData)
                {
                    continue;
                }

                switch (ProxyProtocolParser.Parse(data, limits, out ProxyHeader? header, out int consumed, out ProxyProtocolError error))
                {
                    case OperationStatus.Done:
                        if (header!.Source is not null)
                        {
                            connection.ClientEndPoint = header.Source;
                        }

                        return (null, data[consumed..].ToArray());
                    case OperationStatus.InvalidData:
                        return (HandshakeOutcome.Failed(ConnectionCloseReason.ProxyHeaderInvalid, error.ToString()), []);
                    default:
                        if (received == buffer.Length)
                        {
                            return (HandshakeOutcome.Failed(ConnectionCloseReason.ProxyHeaderInvalid, "header too long"), []);
                        }

                        break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<HandshakeOutcome> ReadRequestAsync(PendingConnection connection, Stream stream, ServerCredentials credentials, CancellationToken cancellationToken)
    {
        // MS-SSTP §3.2.4.1: the request head; anything after CRLFCRLF is already SSTP.
        SstpHttpLimits limits = _options.HttpLimits;
        var parser = new SstpHttpRequestParser(limits);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(limits.MaxHeadBytes + 4096);
        try
        {
            int received = 0;
            while (true)
            {
                int n = await stream.ReadAsync(buffer.AsMemory(received), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return Fail(connection, stream, HandshakeOutcome.Failed(ConnectionCloseReason.ClientClosedDuringHandshake));
                }

                received += n;
                OperationStatus status = parser.Parse(buffer.AsSpan(0, received), out int consumed);
                if (status == OperationStatus.NeedMoreData)
                {
                    if (received == buffer.Length)
                    {
                        return await AnswerAndCloseAsync(connection, stream, SstpHttpStatus.RequestHeaderFieldsTooLarge, ConnectionCloseReason.HttpRequestInvalid, "head too large").ConfigureAwait(false);
                    }

                    continue;
                }

                if (status == OperationStatus.InvalidData)
                {
                    return await AnswerAndCloseAsync(connection, stream, parser.Error.ToResponseStatus(), ConnectionCloseReason.HttpRequestInvalid, parser.Error.ToString()).ConfigureAwait(false);
                }

                SstpHttpRequest request = parser.Request!;
                if (request.Kind != SstpHttpRequestKind.SstpDuplexPost)
                {
                    ListenerLog.NonSstpRequest(_logger, connection.ClientEndPoint, request.Method, request.Target);
                    return await AnswerAndCloseAsync(connection, stream, SstpHttpStatus.NotFound, ConnectionCloseReason.NotSstpRequest, null).ConfigureAwait(false);
                }

                if (_atCapacity())
                {
                    return await AnswerAndCloseAsync(connection, stream, SstpHttpStatus.ServiceUnavailable, ConnectionCloseReason.NodeAtCapacity, "max sessions").ConfigureAwait(false);
                }

                byte[] ok = new byte[SstpHttpResponseWriter.MaxLength];
                int length = SstpHttpResponseWriter.WriteOk(ok, _clock.UtcNow, _options.HttpServerHeader);
                await stream.WriteAsync(ok.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                byte[] pipelined = buffer.AsSpan(consumed, received - consumed).ToArray();
                return new HandshakeOutcome(new HandshakeResult(stream, pipelined, connection.ClientEndPoint, credentials, request), ConnectionCloseReason.None);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<HandshakeOutcome> AnswerAndCloseAsync(PendingConnection connection, Stream stream, SstpHttpStatus status, ConnectionCloseReason reason, string? detail)
    {
        // MS-SSTP §4.1: an error answer is the last data on the connection; then FIN, not RST.
        byte[] answer = new byte[SstpHttpResponseWriter.MaxLength];
        int length = SstpHttpResponseWriter.WriteError(answer, status, _clock.UtcNow, _options.HttpServerHeader);
        connection.DeadlineMs = _clock.NowMs + DrainAfterAnswerMs;
        CancellationToken cancellationToken = connection.Cancellation.Token;
        try
        {
            await stream.WriteAsync(answer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone already.
        }

        await GracefulClose.CloseAsync(stream, connection.Socket, cancellationToken).ConfigureAwait(false);
        ListenerLog.HandshakeFailed(_logger, connection.ClientEndPoint, connection.Stage, reason, detail);
        return HandshakeOutcome.Failed(reason, detail);
    }

    private HandshakeOutcome Fail(PendingConnection connection, Stream stream, HandshakeOutcome outcome)
    {
        GracefulClose.Abort(stream, connection.Socket);
        ListenerLog.HandshakeFailed(_logger, connection.ClientEndPoint, connection.Stage, outcome.Reason, outcome.Detail);
        return outcome;
    }

    /// <summary>Whether the bytes so far start a PROXY header (v1 "PROXY " or the v2 signature, §2.1/§2.2).</summary>
    internal static ProxySniff Sniff(ReadOnlySpan<byte> data)
    {
        ProxySniff v1 = Compare(data, ProxyProtocolConstants.V1Prefix);
        ProxySniff v2 = Compare(data, ProxyProtocolConstants.V2Signature);
        return v1 == ProxySniff.Present || v2 == ProxySniff.Present ? ProxySniff.Present
            : v1 == ProxySniff.NeedMoreData || v2 == ProxySniff.NeedMoreData ? ProxySniff.NeedMoreData
            : ProxySniff.Absent;
    }

    private static ProxySniff Compare(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        int n = Math.Min(data.Length, signature.Length);
        if (!data[..n].SequenceEqual(signature[..n]))
        {
            return ProxySniff.Absent;
        }

        return n == signature.Length ? ProxySniff.Present : ProxySniff.NeedMoreData;
    }
}

/// <summary>What the first bytes of a connection say about a PROXY header.</summary>
internal enum ProxySniff
{
    Absent,
    NeedMoreData,
    Present,
}
