using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SstpFarm.Ctl.Grpc;

/// <summary>One method of a service: its HTTP/2 path (<c>/{package}.{Service}/{Method}</c>) and how to read its responses.</summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The response message.</typeparam>
internal sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>
{
    private GrpcMethod(string path, MessageParser<TResponse> parser)
    {
        Path = path;
        Parser = parser;
    }

    public string Path { get; }

    public MessageParser<TResponse> Parser { get; }

    /// <summary>
    /// Takes the path from the generated descriptor, so that a renamed method or a request/response
    /// type that does not match the .proto fails at the first use instead of calling the wrong thing.
    /// </summary>
    public static GrpcMethod<TRequest, TResponse> Of(ServiceDescriptor service, string name, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(responseParser);
        MethodDescriptor method = service.FindMethodByName(name) ?? throw new ArgumentException($"{service.FullName} has no method {name}", nameof(name));
        TRequest request = requestParser.ParseFrom(ByteString.Empty);
        TResponse response = responseParser.ParseFrom(ByteString.Empty);
        if (method.InputType != request.Descriptor || method.OutputType != response.Descriptor)
        {
            throw new ArgumentException($"{method.FullName} takes {method.InputType.FullName} and returns {method.OutputType.FullName}", nameof(name));
        }

        return new GrpcMethod<TRequest, TResponse>($"/{service.FullName}/{method.Name}", responseParser);
    }
}
