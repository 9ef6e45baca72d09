using System.CommandLine;
using System.Globalization;
using System.Net;
using Spectre.Console;

namespace SstpFarm.Client.Cli.Bench;

/// <summary>`bench`: the load generator's command line and its live or plain progress display.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD003", Justification = "A console app has no synchronisation context; the run task is started by this command.")]
internal static class BenchCommand
{
    public static Command Build()
    {
        var common = new CommonOptions();
        var sessions = new Option<int>("--sessions", "-n") { Description = "Sessions to open.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Sessions connecting at the same time.", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration", "-d") { Description = "Seconds to hold all sessions up (and run traffic) before hanging up.", DefaultValueFactory = _ => 0 };
        var traffic = new Option<bool>("--traffic") { Description = "Send ICMP echoes through every session while holding and report throughput." };
        var target = new Option<string>("--target") { Description = "Echo target for --traffic (default: each session's PPP peer address)." };
        var size = new Option<int>("--size") { Description = "ICMP payload bytes for --traffic.", DefaultValueFactory = _ => 1372 };
        var command = new Command("bench", "Open N concurrent sessions; report setup rate, setup latency, failures by reason and (with --traffic) throughput.")
        {
            sessions, concurrency, duration, traffic, target, size,
        };
        common.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            SstpConnectOptions? options = common.Build(parsed, out string? error);
            if (options is null)
            {
                return Output.Usage(error!);
            }

            int n = parsed.GetValue(sessions);
            int c = parsed.GetValue(concurrency);
            if (n < 1 || c < 1)
            {
                return Output.Usage("--sessions and --concurrency must be at least 1");
            }

            double seconds = parsed.GetValue(duration);
            bool withTraffic = parsed.GetValue(traffic);
            var settings = new BenchSettings(
                n,
                c,
                TimeSpan.FromSeconds(seconds > 0 ? seconds : withTraffic ? 10 : 0),
                withTraffic,
                parsed.GetValue(target) is { } t ? IPAddress.Parse(t) : null,
                parsed.GetValue(size));
            bool json = parsed.GetValue(common.Json);
            using var stop = new StopSignal(cancellationToken);
            var runner = new BenchRunner(options, settings);
            Task<BenchReport> run = runner.RunAsync(stop.Token);
            if (!json && !Console.IsOutputRedirected)
            {
                await ShowLiveAsync(runner, n, run).ConfigureAwait(false);
            }
            else if (!json)
            {
                await ShowPlainAsync(runner, n, run).ConfigureAwait(false);
            }

            BenchReport report = await run.ConfigureAwait(false);
            if (json)
            {
                Output.Json(report.ToJson());
            }
            else
            {
                PrintSummary(report);
            }

            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task ShowLiveAsync(BenchRunner runner, int total, Task run)
    {
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("connecting", maxValue: total);
                while (!run.IsCompleted)
                {
                    BenchProgress p = runner.Progress;
                    task.Value = p.Connected + p.Failed;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"{p.Phase}: {p.Connected} up, {p.Failed} failed, {p.InFlight} connecting");
                    await Task.WhenAny(run, Task.Delay(200)).ConfigureAwait(false);
                }

                task.Value = total;
            }).ConfigureAwait(false);
    }

    private static async Task ShowPlainAsync(BenchRunner runner, int total, Task run)
    {
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(1000)).ConfigureAwait(false);
            BenchProgress p = runner.Progress;
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{p.Phase}: {p.Connected}/{total} up, {p.Failed} failed, {p.InFlight} connecting"));
        }
    }

    private static void PrintSummary(BenchReport r)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sessions {r.Connected}/{r.Settings.Sessions} up in {r.SetupWall.TotalSeconds:0.00} s: {r.SetupRate:0.0} sessions/s"));
        if (r.LatenciesMs.Length > 0)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup latency ms: p50 {r.Percentile(50):0.0}  p90 {r.Percentile(90):0.0}  p99 {r.Percentile(99):0.0}  max {r.LatenciesMs[^1]:0.0}"));
        }

        foreach ((string reason, int count) in r.Failures)
        {
            Console.Out.WriteLine($"failed: {count} x {reason}");
        }

        if (r.Settings.Traffic)
        {
            double s = Math.Max(r.TrafficDuration.TotalSeconds, 1e-9);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"traffic {s:0.0} s: {r.BytesSent * 8 / s / 1e6:0.0} Mbit/s out, {r.BytesReceived * 8 / s / 1e6:0.0} Mbit/s echoed ({r.PacketsReceived}/{r.PacketsSent} packets)"));
        }

        foreach ((string reason, int count) in r.Disconnects)
        {
            Console.Out.WriteLine($"ended: {count} x {reason}");
        }
    }
}
