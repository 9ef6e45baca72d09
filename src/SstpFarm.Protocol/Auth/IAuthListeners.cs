namespace SstpFarm.Protocol.Auth;

/// <summary>Told once when an authentication exchange ends, either role.</summary>
public interface IAuthOutcomeListener
{
    /// <summary>
    /// Called after the final packet (Success, Ack, …) has been handed to the output, so anything
    /// the session sends next (NCPs) follows it on the wire.
    /// </summary>
    void OnFinished(AuthResult result);
}

/// <summary>What a server-side authenticator needs from its session.</summary>
public interface IAuthenticatorListener : IAuthOutcomeListener
{
    /// <summary>
    /// The peer sent its credentials. Decide now or later (a RADIUS round trip) by calling the
    /// authenticator's Accept / Reject / CompleteWith… method with this request; calling it from
    /// inside this callback is allowed.
    /// </summary>
    void OnVerificationRequested(AuthVerificationRequest request);
}
