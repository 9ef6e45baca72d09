using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Client;

/// <summary>How a session ended.</summary>
/// <param name="Reason">The SSTP-level reason (who ended it and why).</param>
/// <param name="LinkReason">Why PPP ended, if it had started.</param>
/// <param name="FromState">The SSTP state when teardown began.</param>
/// <param name="PeerStatus">The Status Info of the server's Call Abort/Disconnect, if it sent one.</param>
/// <param name="TransportError">The IO error that ended the transport, if any.</param>
public sealed record SstpDisconnectInfo(
    SstpClientCloseReason Reason,
    PppLinkCloseReason? LinkReason,
    SstpClientState FromState,
    SstpStatusInfo? PeerStatus,
    Exception? TransportError)
{
    public override string ToString() =>
        $"{Reason}" + (LinkReason is { } link ? $" (PPP: {link})" : string.Empty) + $" in {FromState}"
        + (PeerStatus is { } s ? $", server status {s.Status} on attribute {s.AttribId}" : string.Empty)
        + (TransportError is { } e ? $", {e.GetType().Name}: {e.Message}" : string.Empty);
}
