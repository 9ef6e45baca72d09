using SstpFarm.ControlPlane.Pools;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Sessions;

namespace SstpFarm.DataPlane.Telemetry;

/// <summary>
/// The closed attribute values of docs/telemetry.md, mapped from the data plane's enums. Strings are
/// constants: recording a value allocates nothing for the name.
/// </summary>
public static class TelemetryNames
{
    /// <summary><c>stage</c> value and span name of a setup stage.</summary>
    public static (string Stage, string Span) Of(SetupStage stage) => stage switch
    {
        SetupStage.Tls => ("tls", "sstp.tls"),
        SetupStage.Http => ("http", "sstp.http"),
        SetupStage.Sstp => ("sstp", "sstp.sstp"),
        SetupStage.Lcp => ("lcp", "ppp.lcp"),
        SetupStage.Auth => ("auth", "ppp.auth"),
        _ => ("ipcp", "ppp.ipcp"),
    };

    /// <summary><c>result</c> of a setup that did not reach the network phase.</summary>
    public static string SetupResult(ConnectionCloseReason reason, IpAllocationStatus? allocation, bool draining) => reason switch
    {
        ConnectionCloseReason.TlsHandshakeFailed => "tls_failed",
        ConnectionCloseReason.HttpRequestInvalid or ConnectionCloseReason.NotSstpRequest => "http_rejected",
        ConnectionCloseReason.ProxyHeaderMissing or ConnectionCloseReason.ProxyHeaderInvalid => "proxy_rejected",
        ConnectionCloseReason.AuthenticationFailed or ConnectionCloseReason.AuthenticationRefused => "auth_failed",
        >= ConnectionCloseReason.CryptoBindingFormatError and <= ConnectionCloseReason.CryptoBindingMacMismatch => "crypto_binding_failed",
        ConnectionCloseReason.HandshakeTimeout or ConnectionCloseReason.NegotiationTimeoutAwaitingConnectRequest
            or ConnectionCloseReason.NegotiationTimeoutAwaitingCallConnected or ConnectionCloseReason.HelloTimeout
            or ConnectionCloseReason.PppKeepaliveFailed => "timeout",
        ConnectionCloseReason.AddressAllocationFailed => allocation == IpAllocationStatus.Unavailable ? "control_plane_unavailable" : "pool_empty",
        ConnectionCloseReason.PppNegotiationFailed or ConnectionCloseReason.NakRetryCountExceeded => "negotiation_failed",
        ConnectionCloseReason.TransportClosed or ConnectionCloseReason.ClientClosedDuringHandshake or ConnectionCloseReason.PeerAbort
            or ConnectionCloseReason.PeerDisconnect or ConnectionCloseReason.PppPeerTerminated or ConnectionCloseReason.TransportError => "client_closed",
        ConnectionCloseReason.NodeAtCapacity => draining ? "draining" : "node_at_capacity",
        ConnectionCloseReason.NodeShutdown or ConnectionCloseReason.AdminDisconnect or ConnectionCloseReason.AdminAbort => "shutdown",
        ConnectionCloseReason.InternalError => "internal_error",
        _ => "protocol_error",
    };

    /// <summary><c>reason</c> of <c>sstpfarm.session.ends</c> (sessions that were up).</summary>
    public static string EndReason(ConnectionCloseReason reason) => reason switch
    {
        ConnectionCloseReason.TransportClosed or ConnectionCloseReason.PeerDisconnect or ConnectionCloseReason.PeerAbort
            or ConnectionCloseReason.PppPeerTerminated or ConnectionCloseReason.PppTerminated => "client_disconnect",
        ConnectionCloseReason.AdminDisconnect or ConnectionCloseReason.AdminAbort => "admin_disconnect",
        ConnectionCloseReason.HelloTimeout or ConnectionCloseReason.PppKeepaliveFailed => "keepalive_timeout",
        >= ConnectionCloseReason.CryptoBindingFormatError and <= ConnectionCloseReason.CryptoBindingMacMismatch => "crypto_binding_failed",
        ConnectionCloseReason.TransportError => "transport_error",
        ConnectionCloseReason.NodeShutdown => "shutdown",
        _ => "protocol_error",
    };

    /// <summary><c>kind</c> of a keepalive timeout, or null when the reason is not one.</summary>
    public static string? KeepaliveKind(ConnectionCloseReason reason) => reason switch
    {
        ConnectionCloseReason.HelloTimeout => "sstp_hello",
        ConnectionCloseReason.PppKeepaliveFailed => "lcp_echo",
        _ => null,
    };

    /// <summary><c>reason</c> of a failed TLS handshake.</summary>
    public static string TlsFailure(ConnectionCloseReason reason, Exception? error) => reason switch
    {
        ConnectionCloseReason.HandshakeTimeout => "timeout",
        ConnectionCloseReason.ClientClosedDuringHandshake => "client_closed",
        ConnectionCloseReason.TlsHandshakeFailed when error is IOException => "client_closed",
        ConnectionCloseReason.TlsHandshakeFailed when error?.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) == true => "certificate",
        ConnectionCloseReason.TlsHandshakeFailed => "protocol",
        _ => "other",
    };

    /// <summary><c>reason</c> of <c>sstpfarm.tunnel.drops</c> for a forwarding drop.</summary>
    public static string Drop(DropReason reason) => reason switch
    {
        DropReason.NoRoute => "no_route",
        DropReason.QueueFull => "queue_full",
        DropReason.Malformed => "malformed",
        DropReason.UnsupportedVersion => "unsupported_version",
        DropReason.TooBig => "too_big",
        DropReason.Spoofed => "spoofed",
        DropReason.TunWriteFailed => "tun_write_failed",
        _ => "none",
    };
}
