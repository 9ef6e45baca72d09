namespace SstpFarm.Protocol.Ppp;

/// <summary>
/// Where a PPP control protocol (LCP, an NCP, an authenticator) hands a packet it wants sent.
/// The packet is the protocol's own packet (Code, Identifier, Length, Data); the
/// session adds <c>FF 03</c> and the 2-byte protocol number. The span is only valid for the call.
/// </summary>
public interface IPppOutput
{
    void Send(ushort protocol, ReadOnlySpan<byte> packet);
}
