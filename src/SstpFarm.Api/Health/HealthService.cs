using SstpFarm.Api.Grpc;
using SstpFarm.Api.Health.V1;
using ServingStatus = SstpFarm.Api.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SstpFarm.Api.Health;

/// <summary>grpc.health.v1.Health (grpc/doc/health-checking.md) over <see cref="ApiHealth"/>.</summary>
public sealed class HealthService(ApiHealth health) : IGrpcService
{
    public const string ServiceName = "grpc.health.v1.Health";

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(HealthReflection.Descriptor);
        methods.AddUnary<HealthCheckRequest, HealthCheckResponse>(ServiceName, "Check", ApiAccess.Read, HealthCheckRequest.Parser, CheckAsync);
        methods.AddServerStreaming<HealthCheckRequest, HealthCheckResponse>(ServiceName, "Watch", ApiAccess.Read, HealthCheckRequest.Parser, WatchAsync);
    }

    private ValueTask<HealthCheckResponse> CheckAsync(HealthCheckRequest request, GrpcCallContext context) =>
        health.Get(request.Service) is { } status
            ? ValueTask.FromResult(new HealthCheckResponse { Status = status })
            : throw new GrpcException(GrpcStatusCode.NotFound, $"unknown service '{request.Service}'");

    private async Task WatchAsync(HealthCheckRequest request, IGrpcStreamWriter<HealthCheckResponse> responses, GrpcCallContext context)
    {
        ServingStatus? sent = null;
        while (true)
        {
            Task changed = health.Changed;
            ServingStatus status = health.Get(request.Service) ?? ServingStatus.ServiceUnknown;
            if (status != sent)
            {
                await responses.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken);
                sent = status;
            }

            await changed.WaitAsync(context.CancellationToken);
        }
    }
}
