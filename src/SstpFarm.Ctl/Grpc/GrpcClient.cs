using System.Runtime.CompilerServices;
using Google.Protobuf;
using SstpFarm.Api.Grpc;

namespace SstpFarm.Ctl.Grpc;

/// <summary>
/// A small gRPC client on HttpClient (Grpc.Net.Client is not available here): unary and
/// server-streaming calls over one HTTP/2 connection, with deadlines, cancellation, TLS,
/// a bearer token and a receive size limit. Failures are <see cref="GrpcCallException"/>s.
/// </summary>
internal sealed class GrpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly GrpcClientOptions _options;

    public GrpcClient(GrpcClientOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _http = new HttpClient(GrpcHandlerFactory.Create(options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>One request, one response.</summary>
    /// <param name="method">The method.</param>
    /// <param name="request">The request.</param>
    /// <param name="timeout">The deadline; null: none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        await using GrpcCall call = await StartAsync(method.Path, request, timeout, cancellationToken);
        TResponse response = await call.ReadAsync(method.Parser)
            ?? throw new GrpcCallException(GrpcStatusCode.Internal, "the server sent no response message");
        if (await call.ReadAsync(method.Parser) is not null)
        {
            throw new GrpcCallException(GrpcStatusCode.Internal, "the server sent more than one response message to a unary call");
        }

        return response;
    }

    /// <summary>One request, then responses until the server ends the stream (or the deadline, or cancellation).</summary>
    /// <param name="method">The method.</param>
    /// <param name="request">The request.</param>
    /// <param name="timeout">The deadline for the whole stream; null: none.</param>
    /// <param name="cancellationToken">Cancels the call; the server sees the stream reset.</param>
    public async IAsyncEnumerable<TResponse> StreamAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan? timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        await using GrpcCall call = await StartAsync(method.Path, request, timeout, cancellationToken);
        while (await call.ReadAsync(method.Parser) is { } response)
        {
            yield return response;
        }
    }

    public void Dispose() => _http.Dispose();

    private Task<GrpcCall> StartAsync(string path, IMessage request, TimeSpan? timeout, CancellationToken cancellationToken) =>
        GrpcCall.StartAsync(_http, new Uri(_options.Server, path), request, _options.BearerToken, timeout, _options.MaxReceiveMessageSize, cancellationToken);
}
