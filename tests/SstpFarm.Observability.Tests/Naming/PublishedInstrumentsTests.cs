using System.Diagnostics.Metrics;

namespace SstpFarm.Observability.Tests.Naming;

public sealed class PublishedInstrumentsTests
{
    [Fact]
    public void Collects_instruments_of_matching_meters_created_before_and_during_the_listener()
    {
        string prefix = "ObsTest" + Guid.NewGuid().ToString("N");
        using var early = new Meter(prefix + ".Early");
        early.CreateCounter<long>("x.setups", "{setup}");
        using var other = new Meter("Other" + prefix);
        other.CreateCounter<long>("not.mine");

        IReadOnlyList<InstrumentDescription> found = PublishedInstruments.Collect(prefix, () =>
        {
            using var late = new Meter(prefix + ".Late");
            late.CreateHistogram<double>("x.duration", "s");
            late.CreateObservableGauge("x.state", () => 1, "1");
        });

        Assert.Equal(
            [
                new InstrumentDescription("x.duration", "s", InstrumentShape.Histogram),
                new InstrumentDescription("x.setups", "{setup}", InstrumentShape.MonotonicSum),
                new InstrumentDescription("x.state", "1", InstrumentShape.Gauge),
            ],
            found);
    }
}
