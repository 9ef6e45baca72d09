using System.Diagnostics.Metrics;

namespace SstpFarm.Observability.Tests.Naming;

/// <summary>An instrument as the exporter sees it: OpenTelemetry name, UCUM unit and shape.</summary>
internal sealed record InstrumentDescription(string Name, string Unit, InstrumentShape Shape)
{
    /// <summary>Describes a published <see cref="System.Diagnostics.Metrics.Instrument"/> (any value type).</summary>
    public static InstrumentDescription Of(Instrument instrument)
    {
        Type kind = instrument.GetType().GetGenericTypeDefinition();
        InstrumentShape shape =
            kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>) ? InstrumentShape.MonotonicSum
            : kind == typeof(UpDownCounter<>) || kind == typeof(ObservableUpDownCounter<>) ? InstrumentShape.NonMonotonicSum
            : kind == typeof(Histogram<>) ? InstrumentShape.Histogram
            : kind == typeof(Gauge<>) || kind == typeof(ObservableGauge<>) ? InstrumentShape.Gauge
            : throw new ArgumentException($"unknown instrument kind {kind.Name} ({instrument.Name})", nameof(instrument));
        return new InstrumentDescription(instrument.Name, instrument.Unit ?? string.Empty, shape);
    }

    /// <summary>Maps the kind column of docs/telemetry.md (Counter, ObservableGauge, ...) to a shape.</summary>
    public static InstrumentShape ShapeOfKind(string kind) => kind.Replace("Observable", string.Empty, StringComparison.Ordinal) switch
    {
        "Counter" => InstrumentShape.MonotonicSum,
        "UpDownCounter" => InstrumentShape.NonMonotonicSum,
        "Gauge" => InstrumentShape.Gauge,
        "Histogram" => InstrumentShape.Histogram,
        _ => throw new ArgumentException("unknown instrument kind " + kind, nameof(kind)),
    };
}
