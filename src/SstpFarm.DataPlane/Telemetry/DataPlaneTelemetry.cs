using System.Diagnostics;

namespace SstpFarm.DataPlane.Telemetry;

/// <summary>
/// Names of the data plane's instruments and spans (docs/telemetry.md is the contract). The meter is
/// created per node (<see cref="NodeMetrics"/>) under <see cref="Name"/>; the activity source is
/// shared. Both cost next to nothing while no exporter listens.
/// </summary>
public static class DataPlaneTelemetry
{
    /// <summary>Meter and ActivitySource name.</summary>
    public const string Name = "SstpFarm.DataPlane";

    /// <summary>Spans of session setups: one root <c>sstp.session.setup</c> with a child per stage.</summary>
    public static ActivitySource Source { get; } = new(Name);
}
