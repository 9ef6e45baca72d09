using System.Net;

namespace SstpFarm.Client.Cli.Bench;

/// <summary>What one bench run does.</summary>
/// <param name="Sessions">Sessions to open in total; all stay up until the end.</param>
/// <param name="Concurrency">At most this many connecting at the same time.</param>
/// <param name="Duration">How long the sessions are held (and traffic runs) once all are up.</param>
/// <param name="Traffic">Send ICMP echoes through every session during <paramref name="Duration"/>.</param>
/// <param name="Target">Echo target; null = each session's PPP peer address.</param>
/// <param name="PayloadBytes">ICMP payload per echo.</param>
internal sealed record BenchSettings(int Sessions, int Concurrency, TimeSpan Duration, bool Traffic, IPAddress? Target, int PayloadBytes);
