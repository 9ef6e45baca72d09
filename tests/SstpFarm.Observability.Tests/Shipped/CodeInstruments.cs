using System.Runtime.CompilerServices;
using SstpFarm.Api;
using SstpFarm.ControlPlane.Telemetry;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Telemetry;
using SstpFarm.Observability.Tests.Naming;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>
/// The instruments the code publishes, enumerated with a MeterListener while the components that
/// own the SstpFarm meters are created. A new meter must be created here too.
/// </summary>
internal static class CodeInstruments
{
    public static IReadOnlyList<InstrumentDescription> Published() => PublishedInstruments.Collect("SstpFarm.", () =>
    {
        // The data plane: one NodeMetrics per node (SstpNode creates it the same way).
        using var node = new NodeMetrics(new SessionCounters(), () => 0, () => (0, 0), () => null, () => false);

        // The control plane: the meter the InstrumentedControlPlane decorator records into.
        using var controlPlane = new ControlPlaneMetrics();

        // The operator API: a process-wide meter created with its type.
        RuntimeHelpers.RunClassConstructor(typeof(ApiTelemetry).TypeHandle);
    });
}
