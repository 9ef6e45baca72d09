namespace SstpFarm.Client;

/// <summary>Traffic of one session so far. Sent counts every SSTP packet written (control included).</summary>
public readonly record struct SstpSessionCounters(long PacketsSent, long BytesSent, long PacketsReceived, long BytesReceived, long ReceiveDrops);
