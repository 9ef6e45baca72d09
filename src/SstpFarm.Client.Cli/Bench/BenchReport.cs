using System.Text.Json.Nodes;

namespace SstpFarm.Client.Cli.Bench;

/// <summary>The numbers a bench run produces, and their JSON form.</summary>
internal sealed class BenchReport
{
    public required BenchSettings Settings { get; init; }

    public required int Connected { get; init; }

    public required TimeSpan SetupWall { get; init; }

    /// <summary>Connect latencies of the successful sessions, sorted ascending, in ms.</summary>
    public required double[] LatenciesMs { get; init; }

    public required IReadOnlyDictionary<string, int> Failures { get; init; }

    public required IReadOnlyDictionary<string, int> Disconnects { get; init; }

    public TimeSpan TrafficDuration { get; init; }

    public long BytesSent { get; init; }

    public long BytesReceived { get; init; }

    public long PacketsSent { get; init; }

    public long PacketsReceived { get; init; }

    public int Failed => Failures.Values.Sum();

    public double SetupRate => SetupWall.TotalSeconds > 0 ? Connected / SetupWall.TotalSeconds : 0;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        int index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["sessions"] = Settings.Sessions,
            ["concurrency"] = Settings.Concurrency,
            ["connected"] = Connected,
            ["failed"] = Failed,
            ["setup_seconds"] = Math.Round(SetupWall.TotalSeconds, 3),
            ["setup_rate_per_s"] = Math.Round(SetupRate, 2),
            ["latency_ms"] = LatenciesMs.Length == 0 ? null : new JsonObject
            {
                ["min"] = Math.Round(LatenciesMs[0], 2),
                ["p50"] = Math.Round(Percentile(50), 2),
                ["p90"] = Math.Round(Percentile(90), 2),
                ["p99"] = Math.Round(Percentile(99), 2),
                ["max"] = Math.Round(LatenciesMs[^1], 2),
                ["mean"] = Math.Round(LatenciesMs.Average(), 2),
            },
            ["failures"] = ToJson(Failures),
            ["disconnects"] = ToJson(Disconnects),
        };
        if (Settings.Traffic)
        {
            double seconds = Math.Max(TrafficDuration.TotalSeconds, 1e-9);
            json["traffic"] = new JsonObject
            {
                ["seconds"] = Math.Round(TrafficDuration.TotalSeconds, 3),
                ["packets_sent"] = PacketsSent,
                ["packets_received"] = PacketsReceived,
                ["sent_mbps"] = Math.Round(BytesSent * 8 / seconds / 1e6, 2),
                ["received_mbps"] = Math.Round(BytesReceived * 8 / seconds / 1e6, 2),
            };
        }

        return json;
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, int> counts)
    {
        var json = new JsonObject();
        foreach ((string key, int count) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = count;
        }

        return json;
    }
}
