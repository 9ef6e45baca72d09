namespace SstpFarm.Observability.Tests.Shipped;

/// <summary>A metric name a shipped file (dashboard panel, alert rules) selects, and where.</summary>
internal sealed record ShippedMetricReference(string Metric, string Where);
