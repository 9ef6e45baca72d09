namespace SstpFarm.Api.Grpc;

/// <summary>A unary method: one request, one response (or a <see cref="GrpcException"/>).</summary>
public delegate ValueTask<TResponse> UnaryHandler<in TRequest, TResponse>(TRequest request, GrpcCallContext context);

/// <summary>A server-streaming method: returns when the stream ends (OK), or throws a <see cref="GrpcException"/>.</summary>
public delegate Task ServerStreamingHandler<in TRequest, TResponse>(TRequest request, IGrpcStreamWriter<TResponse> responses, GrpcCallContext context);

/// <summary>A bidirectional-streaming method: reads the caller's messages as they come and writes its own.</summary>
public delegate Task DuplexStreamingHandler<TRequest, TResponse>(IAsyncEnumerable<TRequest> requests, IGrpcStreamWriter<TResponse> responses, GrpcCallContext context);
