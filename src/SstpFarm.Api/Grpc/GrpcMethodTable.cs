using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SstpFarm.Api.Grpc;

/// <summary>
/// CONTRACT between the transport and the services (issue 5). The transport engineer implements
/// the body; the service engineer only calls these methods. Service and method names are the
/// proto's (e.g. <c>sstpfarm.v1.SessionService</c>, <c>ListSessions</c>); the transport routes
/// <c>POST /{service}/{method}</c>, parses requests with the parser, enforces
/// the method's <see cref="ApiAccess"/>, deadlines and size limits, and serves the registered files through
/// server reflection.
/// </summary>
public sealed partial class GrpcMethodTable
{
    public void AddUnary<TRequest, TResponse>(string service, string method, ApiAccess access, MessageParser<TRequest> parser, UnaryHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
        => throw new NotImplementedException("transport engineer: implement");

    public void AddServerStreaming<TRequest, TResponse>(string service, string method, ApiAccess access, MessageParser<TRequest> parser, ServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
        => throw new NotImplementedException("transport engineer: implement");

    /// <summary>A proto file (and, through it, its dependencies) for server reflection.</summary>
    public void AddFile(FileDescriptor file) => throw new NotImplementedException("transport engineer: implement");
}
