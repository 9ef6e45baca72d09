using System.CommandLine;
using System.Text.Json.Nodes;
using SstpFarm.DataPlane.Tun;

namespace SstpFarm.Client.Cli;

/// <summary>
/// `connect`: bring the session up, create a TUN device with the assigned address in the current
/// network namespace, relay packets both ways until Ctrl-C, then hang up cleanly.
/// </summary>
internal static class ConnectCommand
{
    public static Command Build()
    {
        var common = new CommonOptions();
        var tun = new Option<string>("--tun") { Description = "TUN device name.", DefaultValueFactory = _ => "sstpc0" };
        var prefix = new Option<int>("--prefix") { Description = "Prefix length of the address on the TUN device (32: only the address itself; 24: route the /24 through the tunnel).", DefaultValueFactory = _ => 32 };
        var command = new Command("connect", "Connect, bring up a TUN device with the assigned address, and relay packets until Ctrl-C.") { tun, prefix };
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
                using TunDevice device = TunDevice.Create(new TunDeviceOptions { Name = parsed.GetValue(tun)!, QueueCount = 1 });
                device.Configure(new TunInterfaceSettings { Mtu = session.Info.Mtu, IPv4Address = session.Info.LocalAddress, IPv4PrefixLength = parsed.GetValue(prefix), Up = true });
                var up = new JsonObject { ["connected"] = true, ["tun"] = device.Name, ["session"] = Output.Describe(session.Info) };
                if (json)
                {
                    Output.Json(up);
                }
                else
                {
                    Output.Human(session.Info);
                    await Console.Error.WriteLineAsync($"TUN {device.Name} is up; Ctrl-C to disconnect.");
                }

                TunQueue queue = device.Queues[0];
                var fromTun = new Thread(() => RelayFromTun(queue, session)) { IsBackground = true, Name = "tun-read" };
                fromTun.Start();
                Task toTun = RelayToTunAsync(session, queue);
                await Task.WhenAny(session.Completion, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
                SstpDisconnectInfo end = await session.DisconnectAsync().ConfigureAwait(false);
                device.CancelReads();
                await toTun.ConfigureAwait(false);
                fromTun.Join();
                var down = new JsonObject { ["disconnected"] = Output.Describe(end), ["counters"] = new JsonObject { ["packets_sent"] = session.Counters.PacketsSent, ["bytes_sent"] = session.Counters.BytesSent, ["packets_received"] = session.Counters.PacketsReceived, ["bytes_received"] = session.Counters.BytesReceived, ["receive_drops"] = session.Counters.ReceiveDrops } };
                if (json)
                {
                    Output.Json(down);
                }
                else
                {
                    await Console.Error.WriteLineAsync($"disconnected: {end}");
                }

                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static void RelayFromTun(TunQueue queue, SstpClientSession session)
    {
        byte[] buffer = new byte[65536];
        while (true)
        {
            int n = queue.Read(buffer);
            if (n < 0)
            {
                return;
            }

            // A full send queue drops the packet, as a congested link would; TCP inside recovers.
            session.TrySend(buffer.AsSpan(0, n));
        }
    }

    private static async Task RelayToTunAsync(SstpClientSession session, TunQueue queue)
    {
        byte[] buffer = new byte[65536];
        while (true)
        {
            int n = await session.ReceiveAsync(buffer).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            queue.TryWrite(buffer.AsSpan(0, n), out _);
        }
    }
}
