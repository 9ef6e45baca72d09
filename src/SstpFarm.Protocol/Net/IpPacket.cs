namespace SstpFarm.Protocol.Net;

/// <summary>What every IP packet shares: the version nibble (RFC 791 §3.1, RFC 8200 §3).</summary>
public static class IpPacket
{
    /// <summary>4, 6, or another nibble value; 0 for an empty buffer.</summary>
    public static int GetVersion(ReadOnlySpan<byte> packet) => packet.IsEmpty ? 0 : packet[0] >> 4;
}
