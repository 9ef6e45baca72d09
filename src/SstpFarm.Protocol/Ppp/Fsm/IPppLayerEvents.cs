namespace SstpFarm.Protocol.Ppp.Fsm;

/// <summary>
/// The this-layer actions of RFC 1661 §4.4 as seen by whoever owns the session: tlu, tld, tls, tlf.
/// Calls arrive synchronously from inside the automaton's entry points.
/// </summary>
public interface IPppLayerEvents
{
    /// <summary>tlu: the protocol reached Opened.</summary>
    void LayerUp(ushort protocol);

    /// <summary>tld: the protocol left Opened.</summary>
    void LayerDown(ushort protocol);

    /// <summary>tls: the protocol wants its lower layer up.</summary>
    void LayerStarted(ushort protocol);

    /// <summary>tlf: the protocol no longer needs its lower layer.</summary>
    void LayerFinished(ushort protocol);
}
