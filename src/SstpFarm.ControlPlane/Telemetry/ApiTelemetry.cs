using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SstpFarm.ControlPlane.Telemetry;

/// <summary>
/// The operator API's meter and activity source (docs/telemetry.md), defined here, below the API, so the
/// API calls them and the host exports them without either depending on the other. The API records one
/// call per finished RPC with <see cref="RecordCall"/> and starts a span per call from <see cref="Source"/>.
/// </summary>
public static class ApiTelemetry
{
    /// <summary>Meter and ActivitySource name.</summary>
    public const string Name = "SstpFarm.Api";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("sstpfarm.api.calls", "{call}", "Operator API calls by method and gRPC status.");

    /// <summary>Spans of API calls (one per gRPC call).</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>One finished call: <paramref name="method"/> is a registered method ("/pkg.Service/Method"), never client input.</summary>
    public static void RecordCall(string method, int grpcStatusCode) => Calls.Add(
        1,
        new KeyValuePair<string, object?>("rpc.method", method),
        new KeyValuePair<string, object?>("rpc.grpc.status_code", grpcStatusCode));
}
