namespace SstpFarm.Client;

/// <summary>Where connecting failed. Tags the load generator's failure counts: add, never renumber.</summary>
public enum SstpConnectFailure
{
    /// <summary>TCP connect failed (refused, unreachable, DNS).</summary>
    Transport = 1,

    /// <summary>The TLS handshake failed for a reason other than our certificate check.</summary>
    Tls = 2,

    /// <summary>We rejected the server certificate (pin, chain or name).</summary>
    CertificateRejected = 3,

    /// <summary>The server did not answer the SSTP HTTP request with 200.</summary>
    HttpHandshake = 4,

    /// <summary>PPP authentication failed or no method was acceptable to both.</summary>
    AuthenticationFailed = 5,

    /// <summary>SSTP or PPP ended before IPCP opened (see <see cref="SstpConnectException.Disconnect"/>).</summary>
    Negotiation = 6,

    /// <summary><see cref="SstpConnectOptions.ConnectTimeout"/> elapsed.</summary>
    Timeout = 7,
}
