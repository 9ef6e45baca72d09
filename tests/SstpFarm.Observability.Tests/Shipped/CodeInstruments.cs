using SstpFarm.ControlPlane.Telemetry;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Telemetry;
using SstpFarm.Observability.Tests.Naming;

namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>
/// The instruments the code publishes, enumerated with a MeterListener while the components that
/// own the SstpFarm meters are created.
/// </summary>
internal static class CodeInstruments
{
    /// <summary>
    /// Catalogued instruments the code does not publish yet (issue 6 in progress): the shipped
    /// files may use them, and a test fails as soon as one is published so that it leaves this
    /// list and gets checked against the code.
    /// </summary>
    public static readonly string[] NotYetPublished =
    [
        "sstpfarm.api.calls",
    ];

    public static IReadOnlyList<InstrumentDescription> Published() => PublishedInstruments.Collect("SstpFarm.", () =>
    {
        // The data plane: one NodeMetrics per node (SstpNode creates it the same way).
        using var node = new NodeMetrics(new SessionCounters(), () => 0, () => (0, 0), () => null, () => false);

        // The control plane: the meter the InstrumentedControlPlane decorator records into.
        using var controlPlane = new ControlPlaneMetrics();
    });
}
