using Google.Protobuf;

namespace SstpFarm.Api.Grpc;

/// <summary>One registered method: its route and access, and how to run it over a <see cref="GrpcCall"/>.</summary>
internal abstract class GrpcMethod(string service, string name, ApiAccess access, GrpcMethodKind kind)
{
    public string Service { get; } = service;

    public string Name { get; } = name;

    /// <summary>The HTTP/2 :path, "/{service}/{method}".</summary>
    public string Path { get; } = $"/{service}/{name}";

    public ApiAccess Access { get; } = access;

    public GrpcMethodKind Kind { get; } = kind;

    public abstract Task InvokeAsync(GrpcCall call, GrpcCallContext context);
}

internal sealed class UnaryMethod<TRequest, TResponse>(string service, string name, ApiAccess access, MessageParser<TRequest> parser, UnaryHandler<TRequest, TResponse> handler)
    : GrpcMethod(service, name, access, GrpcMethodKind.Unary)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override async Task InvokeAsync(GrpcCall call, GrpcCallContext context)
    {
        TRequest request = await call.ReadSingleAsync(parser, context.CancellationToken);
        TResponse response = await handler(request, context);

        // One response: no flush, so headers, message and trailers leave together (dependencies.md).
        await call.WriteMessageAsync(response, flush: false, context.CancellationToken);
    }
}

internal sealed class ServerStreamingMethod<TRequest, TResponse>(string service, string name, ApiAccess access, MessageParser<TRequest> parser, ServerStreamingHandler<TRequest, TResponse> handler)
    : GrpcMethod(service, name, access, GrpcMethodKind.ServerStreaming)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override async Task InvokeAsync(GrpcCall call, GrpcCallContext context)
    {
        TRequest request = await call.ReadSingleAsync(parser, context.CancellationToken);
        await handler(request, new GrpcStreamWriter<TResponse>(call), context);
    }
}

internal sealed class DuplexStreamingMethod<TRequest, TResponse>(string service, string name, ApiAccess access, MessageParser<TRequest> parser, DuplexStreamingHandler<TRequest, TResponse> handler)
    : GrpcMethod(service, name, access, GrpcMethodKind.DuplexStreaming)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    public override Task InvokeAsync(GrpcCall call, GrpcCallContext context) =>
        handler(call.ReadAllAsync(parser, context.CancellationToken), new GrpcStreamWriter<TResponse>(call), context);
}
