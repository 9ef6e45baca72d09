namespace SstpFarm.DataPlane.Sessions;

/// <summary>Where a connection was when it ended ("where was I", for the close log line and diagnostics).</summary>
public enum SessionStage
{
    Accepted,
    ProxyHeader,
    TlsHandshake,
    HttpRequest,
    SstpNegotiation,
    PppEstablish,
    Authenticating,
    AddressAllocation,
    NetworkNegotiation,
    Connected,
    Closing,
}
