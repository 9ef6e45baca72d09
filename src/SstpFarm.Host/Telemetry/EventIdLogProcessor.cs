using OpenTelemetry;
using OpenTelemetry.Logs;

namespace SstpFarm.Host.Telemetry;

/// <summary>
/// Adds the <c>LoggerMessage</c> event id as the <c>event.id</c> attribute (the OTLP exporter sends only
/// the event name): the ids are the stable contract operators search for (docs/telemetry.md).
/// Runs before the exporting processor; logs are rare next to packets, so one small list per record is fine.
/// </summary>
internal sealed class EventIdLogProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.EventId.Id == 0)
        {
            return;
        }

        var attributes = new List<KeyValuePair<string, object?>>((data.Attributes?.Count ?? 0) + 1);
        if (data.Attributes is not null)
        {
            attributes.AddRange(data.Attributes);
        }

        attributes.Add(new KeyValuePair<string, object?>("event.id", data.EventId.Id));
        data.Attributes = attributes;
    }
}
