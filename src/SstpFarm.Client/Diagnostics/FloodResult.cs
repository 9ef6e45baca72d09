namespace SstpFarm.Client.Diagnostics;

/// <summary>Outcome of <see cref="SessionPinger.FloodAsync"/>: IP bytes sent and echoed back over the run.</summary>
public sealed record FloodResult(TimeSpan Duration, long PacketsSent, long BytesSent, long PacketsReceived, long BytesReceived)
{
    public double SentMbps => BytesSent * 8 / Duration.TotalSeconds / 1e6;

    public double ReceivedMbps => BytesReceived * 8 / Duration.TotalSeconds / 1e6;
}
