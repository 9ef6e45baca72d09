using SstpFarm.Api.Grpc;
using SstpFarm.Api.V1;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.Api.Services;

/// <summary>sstpfarm.v1.TicketKeyService: fingerprints and schedule only; key material never leaves the control plane.</summary>
public sealed class TicketKeyService(IControlPlane controlPlane) : IGrpcService
{
    public const string ServiceName = "sstpfarm.v1.TicketKeyService";

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(TicketKeysReflection.Descriptor);
        methods.AddUnary<GetTicketKeyStatusRequest, TicketKeyStatus>(ServiceName, "GetTicketKeyStatus", ApiAccess.Read, GetTicketKeyStatusRequest.Parser,
            async (r, c) => ApiConvert.ToMessage(await controlPlane.TicketKeys.GetKeysAsync(c.CancellationToken)));
        methods.AddUnary<RotateTicketKeysRequest, TicketKeyStatus>(ServiceName, "RotateTicketKeys", ApiAccess.Admin, RotateTicketKeysRequest.Parser, RotateAsync);
    }

    private async ValueTask<TicketKeyStatus> RotateAsync(RotateTicketKeysRequest request, GrpcCallContext context)
    {
        TicketKeyRotationResult result = await controlPlane.TicketKeys.RotateAsync(context.CancellationToken);
        return result.Status switch
        {
            TicketKeyRotationStatus.Unavailable => throw ApiErrors.Unavailable("ticket keys not rotated"),
            TicketKeyRotationStatus.NotLeaseHolder => throw new GrpcException(GrpcStatusCode.FailedPrecondition, "another node holds the rotation lease; retry on that node or later"),
            _ => ApiConvert.ToMessage(result.Keys ?? await controlPlane.TicketKeys.GetKeysAsync(context.CancellationToken)),
        };
    }
}
