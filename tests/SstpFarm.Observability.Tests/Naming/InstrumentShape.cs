namespace SstpFarm.Observability.Tests.Naming;

/// <summary>
/// What an OpenTelemetry instrument becomes in OTLP, which decides its Prometheus suffixes:
/// Counter/ObservableCounter are monotonic sums, UpDownCounter/ObservableUpDownCounter
/// non-monotonic sums, Gauge/ObservableGauge gauges.
/// </summary>
internal enum InstrumentShape
{
    MonotonicSum,
    NonMonotonicSum,
    Gauge,
    Histogram,
}
