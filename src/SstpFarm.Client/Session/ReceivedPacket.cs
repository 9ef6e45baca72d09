namespace SstpFarm.Client.Session;

/// <summary>One received IP packet in a pooled buffer, waiting for the application.</summary>
internal readonly record struct ReceivedPacket(byte[] Buffer, int Length);
