using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SstpFarm.Client.Diagnostics;

namespace SstpFarm.Client.Cli;

/// <summary>`ping`: connect, send ICMP echoes to an address behind the server through the session (no TUN needed), hang up.</summary>
internal static class PingCommand
{
    public static Command Build()
    {
        var common = new CommonOptions();
        var target = new Option<string>("--target") { Description = "Address to ping through the tunnel (default: the server's PPP address)." };
        var count = new Option<int>("--count", "-c") { Description = "Echo requests to send.", DefaultValueFactory = _ => 3 };
        var size = new Option<int>("--size", "-s") { Description = "ICMP payload bytes.", DefaultValueFactory = _ => 56 };
        var flood = new Option<double>("--flood") { Description = "Instead: send a windowed stream of echoes for this many seconds and report throughput." };
        var command = new Command("ping", "Connect, ping an address through the session, and disconnect cleanly.") { target, count, size, flood };
        common.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            SstpConnectOptions? options = common.Build(parsed, out string? error);
            if (options is null)
            {
                return Output.Usage(error!);
            }

            bool json = parsed.GetValue(common.Json);
            using var stop = new StopSignal(cancellationToken);
            SstpClientSession session;
            try
            {
                session = await SstpClientSession.ConnectAsync(options, cancellationToken: stop.Token).ConfigureAwait(false);
            }
            catch (SstpConnectException e)
            {
                return Output.ConnectFailed(e, json);
            }

            await using (session.ConfigureAwait(false))
            {
                IPAddress destination = parsed.GetValue(target) is { } t ? IPAddress.Parse(t) : session.Info.PeerAddress ?? IPAddress.Any;
                var result = new JsonObject { ["connected"] = true, ["session"] = Output.Describe(session.Info), ["target"] = destination.ToString() };
                bool ok;
                double seconds = parsed.GetValue(flood);
                if (seconds > 0)
                {
                    FloodResult f = await SessionPinger.FloodAsync(session, destination, TimeSpan.FromSeconds(seconds), parsed.GetValue(size), cancellationToken: stop.Token).ConfigureAwait(false);
                    result["flood"] = new JsonObject
                    {
                        ["seconds"] = f.Duration.TotalSeconds,
                        ["packets_sent"] = f.PacketsSent,
                        ["packets_received"] = f.PacketsReceived,
                        ["sent_mbps"] = Math.Round(f.SentMbps, 2),
                        ["received_mbps"] = Math.Round(f.ReceivedMbps, 2),
                    };
                    ok = f.PacketsReceived > 0;
                    if (!json)
                    {
                        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"flood {destination}: {f.PacketsSent} sent, {f.PacketsReceived} echoed in {f.Duration.TotalSeconds:0.0} s: {f.SentMbps:0.0} Mbit/s out, {f.ReceivedMbps:0.0} Mbit/s back"));
                    }
                }
                else
                {
                    PingResult p = await SessionPinger.PingAsync(session, destination, parsed.GetValue(count), parsed.GetValue(size), cancellationToken: stop.Token).ConfigureAwait(false);
                    result["ping"] = new JsonObject { ["sent"] = p.Sent, ["received"] = p.Received, ["rtt_avg_ms"] = p.Received > 0 ? Math.Round(p.AverageMs, 3) : null };
                    ok = p.Received > 0;
                    if (!json)
                    {
                        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ping {destination}: {p.Sent} sent, {p.Received} received, average {p.AverageMs:0.00} ms"));
                    }
                }

                SstpDisconnectInfo end = await session.DisconnectAsync().ConfigureAwait(false);
                result["disconnect"] = Output.Describe(end);
                if (json)
                {
                    Output.Json(result);
                }

                return ok ? ExitCodes.Ok : ExitCodes.Failed;
            }
        });
        return command;
    }
}
