namespace SstpFarm.Protocol.Link;

/// <summary>The link phases of RFC 1661 §3.2 (Dead → Establish → Authenticate → Network → Terminate).</summary>
public enum PppLinkPhase
{
    Dead,
    Establish,
    Authenticate,
    Network,
    Terminate,
}
