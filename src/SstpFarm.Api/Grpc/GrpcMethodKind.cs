namespace SstpFarm.Api.Grpc;

/// <summary>How many messages each side of a method sends (client streaming alone is not needed here).</summary>
public enum GrpcMethodKind
{
    Unary,
    ServerStreaming,

    /// <summary>Both sides stream (server reflection).</summary>
    DuplexStreaming,
}
