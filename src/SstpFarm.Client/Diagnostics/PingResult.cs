namespace SstpFarm.Client.Diagnostics;

/// <summary>Outcome of <see cref="SessionPinger.PingAsync"/>: round-trip times of the replies that came back.</summary>
public sealed record PingResult(int Sent, IReadOnlyList<double> RoundTripMs)
{
    public int Received => RoundTripMs.Count;

    public double AverageMs => RoundTripMs.Count == 0 ? double.NaN : RoundTripMs.Average();
}
