namespace SstpFarm.Api.Grpc;

/// <summary>One gRPC service: adds its methods (and its proto file, for reflection) to the table.</summary>
public interface IGrpcService
{
    void Register(GrpcMethodTable methods);
}
