using System.Net;
using SstpFarm.Protocol.Auth;

namespace SstpFarm.DataPlane.Auth;

/// <summary>
/// Where sessions get the secret to verify a peer's credentials with (local users now, RADIUS later), and
/// where they report the outcome. Called from session loops, concurrently for different sessions.
/// </summary>
public interface IPppAuthenticationProvider
{
    /// <summary>Decides how to verify <paramref name="request"/> from <paramref name="source"/>. May complete later (a remote store).</summary>
    ValueTask<AuthDecision> DecideAsync(AuthVerificationRequest request, IPAddress? source, long nowMs, CancellationToken cancellationToken);

    /// <summary>The link verified (or failed) the credentials; feeds the failure backoff.</summary>
    void OnResult(AuthResult result, IPAddress? source, long nowMs);

    /// <summary>A fixed address for this user, or null for the pool.</summary>
    IPAddress? GetStaticAddress(string userName);
}
