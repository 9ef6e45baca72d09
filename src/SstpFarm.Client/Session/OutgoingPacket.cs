namespace SstpFarm.Client.Session;

/// <summary>One complete SSTP packet in a pooled buffer, queued for the write loop.</summary>
internal readonly record struct OutgoingPacket(byte[] Buffer, int Length, bool IsData);
