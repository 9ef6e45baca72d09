using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SstpFarm.Api.Grpc;

/// <summary>
/// The methods the API serves: what services register and the transport dispatches. Names are the
/// proto's (e.g. <c>sstpfarm.v1.SessionService</c>, <c>ListSessions</c>); the transport routes
/// <c>POST /{service}/{method}</c>, parses requests with the parser, enforces
/// the method's <see cref="ApiAccess"/>, deadlines and size limits, and serves the registered files through
/// server reflection.
/// </summary>
public sealed class GrpcMethodTable
{
    private readonly ConcurrentDictionary<string, GrpcMethod> _methods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);

    public void AddUnary<TRequest, TResponse>(string service, string method, ApiAccess access, MessageParser<TRequest> parser, UnaryHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
        => Add(new UnaryMethod<TRequest, TResponse>(service, method, access, parser, handler));

    public void AddServerStreaming<TRequest, TResponse>(string service, string method, ApiAccess access, MessageParser<TRequest> parser, ServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
        => Add(new ServerStreamingMethod<TRequest, TResponse>(service, method, access, parser, handler));

    /// <summary>A bidirectional-streaming method (server reflection uses one).</summary>
    public void AddDuplexStreaming<TRequest, TResponse>(string service, string method, ApiAccess access, MessageParser<TRequest> parser, DuplexStreamingHandler<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
        => Add(new DuplexStreamingMethod<TRequest, TResponse>(service, method, access, parser, handler));

    /// <summary>A proto file (and, through it, its dependencies) for server reflection.</summary>
    public void AddFile(FileDescriptor file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _files.TryAdd(file.Name, file);
    }

    /// <summary>The fully-qualified names of the services that have methods, sorted.</summary>
    public IReadOnlyList<string> ServiceNames => [.. _methods.Values.Select(m => m.Service).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The files added with <see cref="AddFile"/> (not their dependencies).</summary>
    public IReadOnlyCollection<FileDescriptor> Files => [.. _files.Values];

    internal bool TryGet(string path, [NotNullWhen(true)] out GrpcMethod? method) => _methods.TryGetValue(path, out method);

    private void Add(GrpcMethod method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method.Service);
        ArgumentException.ThrowIfNullOrEmpty(method.Name);
        if (!_methods.TryAdd(method.Path, method))
        {
            throw new InvalidOperationException($"method {method.Path} is registered twice");
        }
    }
}
