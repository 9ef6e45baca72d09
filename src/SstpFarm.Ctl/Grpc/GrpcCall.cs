using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using SstpFarm.Api.Grpc;

namespace SstpFarm.Ctl.Grpc;

/// <summary>
/// One call in flight (PROTOCOL-HTTP2.md): the request is sent at once, the response's messages are
/// read one by one, and the status comes from the trailers after the body's end, or from the
/// headers of a Trailers-Only response. Every failure surfaces as a <see cref="GrpcCallException"/>.
/// Disposing before the end resets the HTTP/2 stream, which the server sees as a cancellation.
/// </summary>
internal sealed class GrpcCall : IAsyncDisposable
{
    private const string ContentType = "application/grpc";
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _cancel;
    private readonly TimeSpan? _timeout;
    private readonly int _maxMessageSize;
    private HttpResponseMessage? _response;
    private PipeReader? _body;
    private bool _ended;

    private GrpcCall(TimeSpan? timeout, int maxMessageSize, CancellationToken caller)
    {
        _caller = caller;
        _timeout = timeout;
        _maxMessageSize = maxMessageSize;
        _deadline = timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(caller, _deadline.Token);
    }

    /// <summary>Sends <paramref name="request"/> and waits for the response headers.</summary>
    /// <param name="http">An HttpClient whose handler speaks HTTP/2.</param>
    /// <param name="target">The server's base address joined with the method's path.</param>
    /// <param name="request">The request message.</param>
    /// <param name="bearerToken">Sent in <c>authorization</c>; null: none.</param>
    /// <param name="timeout">The call's deadline, sent as <c>grpc-timeout</c> and enforced here too; null: none.</param>
    /// <param name="maxMessageSize">Largest response message accepted.</param>
    /// <param name="cancellationToken">Cancels the call (CANCELLED).</param>
    public static async Task<GrpcCall> StartAsync(HttpClient http, Uri target, IMessage request, string? bearerToken, TimeSpan? timeout, int maxMessageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcCall(timeout, maxMessageSize, cancellationToken);
        try
        {
            using HttpRequestMessage message = Build(target, request, bearerToken, timeout);
            await call.SendAsync(http, message);
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next response message; null at the end of a stream that ended with OK (otherwise throws its status).</summary>
    public async Task<T?> ReadAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        if (_ended || _body is null)
        {
            return null;
        }

        try
        {
            while (true)
            {
                ReadResult read = await _body.ReadAsync(_cancel.Token);
                ReadOnlySequence<byte> buffer = read.Buffer;
                OperationStatus status = GrpcFrame.TryRead(buffer, _maxMessageSize, out ReadOnlySequence<byte> message, out SequencePosition consumed, out GrpcFrameError error);
                if (status == OperationStatus.Done)
                {
                    T value = parser.ParseFrom(message);
                    _body.AdvanceTo(consumed);
                    return value;
                }

                if (status == OperationStatus.InvalidData)
                {
                    _body.AdvanceTo(buffer.Start);
                    throw FrameError(error);
                }

                if (read.IsCompleted)
                {
                    long left = buffer.Length;
                    _body.AdvanceTo(buffer.End);
                    _ended = true;
                    if (left > 0)
                    {
                        throw new GrpcCallException(GrpcStatusCode.Internal, "the response ended inside a message");
                    }

                    // Trailers are only there once the body has been read to its end.
                    ThrowUnlessOk(StatusIn(_response!.TrailingHeaders) ?? throw new GrpcCallException(GrpcStatusCode.Internal, "the server ended the response without a grpc-status"));
                    return null;
                }

                _body.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception e) when (Translate(e) is { } error)
        {
            throw error;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_body is not null)
        {
            await _body.CompleteAsync();
        }

        // Before the end this resets the stream (RST_STREAM CANCEL): the server stops the call.
        _response?.Dispose();
        _cancel.Dispose();
        _deadline.Dispose();
    }

    private static HttpRequestMessage Build(Uri target, IMessage request, string? bearerToken, TimeSpan? timeout)
    {
        int size = request.CalculateSize();
        byte[] payload = new byte[GrpcFrame.HeaderLength + size];
        GrpcFrame.WriteHeader(payload, size);
        request.WriteTo(payload.AsSpan(GrpcFrame.HeaderLength));

        var message = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Version = HttpVersion.Version20,

            // dependencies.md: without Exact, cleartext http:// would be tried as HTTP/1.1.
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(payload),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        message.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        message.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        message.Headers.TryAddWithoutValidation("user-agent", "sstpfarmctl/1");
        if (timeout is { } t)
        {
            message.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(t));
        }

        if (bearerToken is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return message;
    }

    private static GrpcCallException FrameError(GrpcFrameError error) => error switch
    {
        GrpcFrameError.TooLarge => new GrpcCallException(GrpcStatusCode.ResourceExhausted, "a response message is larger than the limit (--max-message-size)"),
        GrpcFrameError.Compressed => new GrpcCallException(GrpcStatusCode.Internal, "the server sent a compressed message although none was accepted"),
        _ => new GrpcCallException(GrpcStatusCode.Internal, "the response is not gRPC framing"),
    };

    private static (GrpcStatusCode Code, string Message)? StatusIn(HttpHeaders headers)
    {
        if (!headers.TryGetValues("grpc-status", out IEnumerable<string>? values))
        {
            return null;
        }

        string text = values.FirstOrDefault() ?? string.Empty;
        GrpcStatusCode code = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number)
            ? (GrpcStatusCode)number
            : GrpcStatusCode.Unknown;
        string message = headers.TryGetValues("grpc-message", out IEnumerable<string>? messages)
            ? GrpcStatusMessage.Decode(messages.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        return (code, message);
    }

    private static void ThrowUnlessOk((GrpcStatusCode Code, string Message) status)
    {
        if (status.Code != GrpcStatusCode.OK)
        {
            throw new GrpcCallException(status.Code, status.Message.Length > 0 ? status.Message : "(no message)");
        }
    }

    // http-grpc-status-mapping.md: the status a client concludes when there is no grpc-status.
    private static GrpcStatusCode FromHttpStatus(HttpStatusCode status) => (int)status switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    // PROTOCOL-HTTP2.md "Errors": RST_STREAM codes as gRPC statuses.
    private static GrpcStatusCode FromHttp2Error(long errorCode) => errorCode switch
    {
        0x7 => GrpcStatusCode.Unavailable,
        0x8 => GrpcStatusCode.Cancelled,
        0xB => GrpcStatusCode.ResourceExhausted,
        0xC => GrpcStatusCode.PermissionDenied,
        _ => GrpcStatusCode.Internal,
    };

    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            string text = inner.Message.Replace(", see inner exception", string.Empty, StringComparison.Ordinal).TrimEnd('.');
            if (text.Length > 0 && !parts.Any(part => part.Contains(text, StringComparison.Ordinal)))
            {
                parts.Add(text);
            }
        }

        return string.Join(": ", parts);
    }

    private async Task SendAsync(HttpClient http, HttpRequestMessage request)
    {
        try
        {
            _response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _cancel.Token);
            if (_response.StatusCode != HttpStatusCode.OK)
            {
                throw new GrpcCallException(FromHttpStatus(_response.StatusCode), $"the server answered HTTP {(int)_response.StatusCode} {_response.ReasonPhrase}");
            }

            // Trailers-Only: an error (or an empty stream) before any message, status in the headers.
            if (StatusIn(_response.Headers) is { } status)
            {
                _ended = true;
                ThrowUnlessOk(status);
                return;
            }

            string? contentType = _response.Content.Headers.ContentType?.MediaType;
            if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
            {
                throw new GrpcCallException(GrpcStatusCode.Unknown, $"not a gRPC response (content-type {contentType ?? "none"})");
            }

            _body = PipeReader.Create(await _response.Content.ReadAsStreamAsync(_cancel.Token));
        }
        catch (Exception e) when (Translate(e) is { } error)
        {
            throw error;
        }
    }

    /// <summary>What a transport exception means as a gRPC status; null for those that already are one or are not the transport's.</summary>
    private GrpcCallException? Translate(Exception e) => e switch
    {
        GrpcCallException => null,
        OperationCanceledException when _caller.IsCancellationRequested => new GrpcCallException(GrpcStatusCode.Cancelled, "cancelled", e),
        OperationCanceledException when _deadline.IsCancellationRequested => new GrpcCallException(GrpcStatusCode.DeadlineExceeded, $"no answer within the deadline ({_timeout?.TotalSeconds:0.###} s)", e),
        HttpRequestException { InnerException: HttpProtocolException reset } => new GrpcCallException(FromHttp2Error(reset.ErrorCode), Describe(e), e),
        HttpProtocolException reset => new GrpcCallException(FromHttp2Error(reset.ErrorCode), Describe(e), e),
        InvalidProtocolBufferException => new GrpcCallException(GrpcStatusCode.Internal, "cannot decode a response message: " + e.Message, e),
        HttpRequestException or IOException => new GrpcCallException(GrpcStatusCode.Unavailable, Describe(e), e),
        _ => null,
    };
}
