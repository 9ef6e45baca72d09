using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SstpFarm.Api;

/// <summary>
/// The operator API's meter and activity source (docs/telemetry.md); the host exports them by
/// <see cref="Name"/>. One call per finished RPC is recorded with <see cref="RecordCall"/>, and a span
/// per call starts from <see cref="Source"/>.
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
