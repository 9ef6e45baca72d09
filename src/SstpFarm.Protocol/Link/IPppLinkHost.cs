using SstpFarm.Protocol.Auth;

namespace SstpFarm.Protocol.Link;

/// <summary>
/// What a <see cref="PppLink"/> needs from the session carrying it. Calls arrive synchronously
/// from inside the link's entry points, on the session's owner loop.
/// </summary>
public interface IPppLinkHost
{
    /// <summary>
    /// A PPP control packet (Code, Identifier, Length, Data) to send; the host frames it
    /// (<c>FF 03</c> + protocol) into an SSTP data packet. The span is only valid for the call.
    /// </summary>
    void SendControl(ushort protocol, ReadOnlySpan<byte> packet);

    /// <summary>
    /// Server role: the peer's credentials. Decide now or later with
    /// <see cref="PppLink.AcceptWithNtHash"/>, <see cref="PppLink.AcceptWithSecret"/> or
    /// <see cref="PppLink.RejectVerification"/>; calling them from inside this callback is allowed.
    /// </summary>
    void OnVerificationRequested(AuthVerificationRequest request);

    /// <summary>
    /// Authentication finished, either way and either role; <see cref="AuthResult.Hlak"/> is the
    /// SSTP HLAK. Server role on success: the host allocates addresses and then calls
    /// <see cref="PppLink.BeginNetworkPhase"/>. Client role: the link starts its NCPs itself.
    /// </summary>
    void OnAuthenticated(AuthResult result);

    /// <summary>IPCP or IPV6CP reached Opened; the negotiated values are on <see cref="PppLink.Ipcp"/> / <see cref="PppLink.Ipv6cp"/>.</summary>
    void OnNetworkLayerUp(ushort protocol);

    /// <summary>IPCP or IPV6CP left Opened.</summary>
    void OnNetworkLayerDown(ushort protocol);

    /// <summary>LCP finished: the SSTP layer should disconnect now. Called at most once.</summary>
    void OnLinkFinished(PppLinkCloseReason reason);
}
