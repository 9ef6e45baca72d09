namespace SstpFarm.Protocol.Sstp;

/// <summary>Sends one whole SSTP control packet (header included) to the peer.</summary>
public delegate void SstpControlPacketSink(ReadOnlySpan<byte> packet);
