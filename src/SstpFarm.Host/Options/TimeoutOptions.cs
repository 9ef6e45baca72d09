namespace SstpFarm.Host.Options;

public sealed class TimeoutOptions
{
    /// <summary>
    /// Tuning default, pre-authentication bound (design.md §6): from accept to a complete SSTP
    /// HTTP request, including PROXY header and TLS handshake. Real clients need well under a second.
    /// </summary>
    public TimeSpan Handshake { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP 200 → Call Connect Request → Call Connected: 60 s (MS-SSTP §3.3.2.1, sstp.md §10).</summary>
    public TimeSpan Negotiation { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Idle time before an SSTP Echo Request, and again before the peer is dead: 60 s (MS-SSTP §3.1.2.3, sstp.md §10).</summary>
    public TimeSpan Hello { get; set; } = TimeSpan.FromSeconds(60);
}
