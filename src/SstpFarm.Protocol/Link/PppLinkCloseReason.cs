namespace SstpFarm.Protocol.Link;

/// <summary>Why a PPP link ended; tags logs and metrics of the session that carried it.</summary>
public enum PppLinkCloseReason
{
    /// <summary>The peer sent LCP Terminate-Request.</summary>
    PeerTerminated,

    /// <summary>We closed it (<see cref="PppLink.Close"/>: admin, shutdown, user hang-up).</summary>
    LocalClose,

    /// <summary>The credentials were rejected, or the exchange failed or timed out.</summary>
    AuthenticationFailed,

    /// <summary>No authentication method both ends allow.</summary>
    AuthenticationRefused,

    /// <summary>LCP never opened, or no network protocol could be opened.</summary>
    NegotiationFailed,

    /// <summary>Our LCP echo keepalive got no answers.</summary>
    KeepaliveFailed,

    /// <summary>The transport went away underneath.</summary>
    LowerLayerDown,
}
