namespace SstpFarm.Protocol.Auth;

/// <summary>Where an authenticator or authenticatee is in its exchange.</summary>
public enum AuthState
{
    /// <summary>Not started (LCP not yet Opened).</summary>
    Initial,

    /// <summary>Exchanging packets with the peer.</summary>
    Authenticating,

    /// <summary>Server only: waiting for the verifier's decision (local store or RADIUS).</summary>
    Verifying,

    Succeeded,

    Failed,
}
