using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>LCP's notifications beyond the this-layer actions.</summary>
public interface ILcpEvents : IPppLayerEvents
{
    /// <summary>
    /// The peer Protocol-Rejected <paramref name="protocol"/> (RFC 1661 §5.7): stop that protocol
    /// (for an NCP call its <see cref="PppAutomaton.ProtocolRejected"/>); the link stays up.
    /// </summary>
    void ProtocolRejected(ushort protocol);

    /// <summary>Our LCP echo keepalive got no reply <see cref="LcpOptions.EchoFailureLimit"/> times; LCP is closing.</summary>
    void KeepaliveFailed();
}
