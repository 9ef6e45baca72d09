using Google.Protobuf.Reflection;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.Reflection.V1;

namespace SstpFarm.Api.Reflection;

/// <summary>
/// Server reflection, grpc.reflection.v1 and the older v1alpha that many tools still call: lists
/// the services and serves the registered proto files (with their dependencies) by name or by
/// symbol. The two versions have identical messages on the wire, so v1alpha is served with the v1
/// types; its file is still registered so that it can be described.
/// </summary>
public sealed class ReflectionService(GrpcMethodTable table) : IGrpcService
{
    public const string ServiceNameV1 = "grpc.reflection.v1.ServerReflection";
    public const string ServiceNameV1Alpha = "grpc.reflection.v1alpha.ServerReflection";
    private const string MethodName = "ServerReflectionInfo";

    private DescriptorIndex? _index;

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(ReflectionReflection.Descriptor);
        methods.AddFile(V1Alpha.ReflectionReflection.Descriptor);
        methods.AddDuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>(ServiceNameV1, MethodName, ApiAccess.Read, ServerReflectionRequest.Parser, ServeAsync);
        methods.AddDuplexStreaming<ServerReflectionRequest, ServerReflectionResponse>(ServiceNameV1Alpha, MethodName, ApiAccess.Read, ServerReflectionRequest.Parser, ServeAsync);
    }

    /// <summary>The answer to one request (public for tests and for the CLI's own checks).</summary>
    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DescriptorIndex index = _index ??= new DescriptorIndex(table.Files);
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse();
                response.ListServicesResponse.Service.AddRange(table.ServiceNames.Select(s => new ServiceResponse { Name = s }));
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFile(request.FileByFilename), $"file '{request.FileByFilename}' not found");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindSymbol(request.FileContainingSymbol), $"symbol '{request.FileContainingSymbol}' not found");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType when index.IsMessage(request.AllExtensionNumbersOfType):
                // None of our messages declares extension ranges.
                response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType.TrimStart('.') };
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                SetError(response, GrpcStatusCode.NotFound, "no such type or extension");
                break;
            default:
                SetError(response, GrpcStatusCode.InvalidArgument, "the request names nothing to look up");
                break;
        }

        return response;
    }

    private async Task ServeAsync(IAsyncEnumerable<ServerReflectionRequest> requests, IGrpcStreamWriter<ServerReflectionResponse> responses, GrpcCallContext context)
    {
        await foreach (ServerReflectionRequest request in requests.WithCancellation(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(request), context.CancellationToken);
        }
    }

    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, GrpcStatusCode.NotFound, notFound);
            return;
        }

        response.FileDescriptorResponse = new FileDescriptorResponse();
        response.FileDescriptorResponse.FileDescriptorProto.AddRange(DescriptorIndex.WithDependencies(file).Select(f => f.SerializedData));
    }

    private static void SetError(ServerReflectionResponse response, GrpcStatusCode code, string message) =>
        response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };
}
