using System.Diagnostics.Metrics;

namespace SstpFarm.Observability.Tests.Naming;

/// <summary>
/// The instruments live meters of this process publish, seen through a <see cref="MeterListener"/>
/// (which reports every instrument already created when it starts, and those created later while it runs).
/// </summary>
internal static class PublishedInstruments
{
    /// <summary>
    /// Runs <paramref name="createMeters"/> (which must keep its meters alive until it returns,
    /// e.g. by starting and stopping the components) and returns the instruments of the meters whose
    /// name starts with <paramref name="meterPrefix"/>, by instrument name.
    /// </summary>
    public static IReadOnlyList<InstrumentDescription> Collect(string meterPrefix, Action createMeters)
    {
        var found = new Dictionary<string, InstrumentDescription>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith(meterPrefix, StringComparison.Ordinal))
                {
                    lock (found)
                    {
                        found[instrument.Name] = InstrumentDescription.Of(instrument);
                    }
                }
            },
        };
        listener.Start();
        createMeters();
        lock (found)
        {
            return [.. found.Values.OrderBy(i => i.Name, StringComparer.Ordinal)];
        }
    }
}
