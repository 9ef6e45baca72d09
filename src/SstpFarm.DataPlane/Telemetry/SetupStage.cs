namespace SstpFarm.DataPlane.Telemetry;

/// <summary>The stages of a session setup that get a span and a duration (docs/telemetry.md).</summary>
public enum SetupStage
{
    Tls,
    Http,
    Sstp,
    Lcp,
    Auth,
    Ipcp,
}
