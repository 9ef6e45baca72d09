using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SstpFarm.DataPlane.Nat;
using SstpFarm.DataPlane.Node;
using SstpFarm.Host.Farm;
using SstpFarm.Host.Options;
using SstpFarm.Host.Reload;
using SstpFarm.Host.Telemetry;
using ProtocolAuthMethod = SstpFarm.Protocol.Auth.AuthMethod;

namespace SstpFarm.Host.Run;

/// <summary>
/// Runs the data plane for `sstpfarm run`: the SSTP node (listener, TLS, sessions, TUN), optional
/// NAT, and the certificate/users reloaders; on cancellation (SIGTERM/SIGINT) it drains and exits.
/// </summary>
public sealed class DataPlaneNodeRunner : INodeRunner
{
    /// <summary>Two of HAProxy's 500 ms agent checks (deploy/haproxy): long enough for it to see the drain.</summary>
    private static readonly TimeSpan AgentDrainDelay = TimeSpan.FromSeconds(1);

    public async Task<int> RunAsync(NodeStartup startup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startup);
        SstpFarmOptions options = startup.Options;
        await using NodeTelemetry telemetry = NodeTelemetry.Start(TelemetrySettings.Resolve(options.Telemetry, options.NodeId), builder => builder
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            })
            .SetMinimumLevel(ToLogLevel(options.LogLevel)));
        ILoggerFactory loggers = telemetry.Loggers;
        startup = startup with { ControlPlane = telemetry.Instrument(startup.ControlPlane) };
        ILogger logger = loggers.CreateLogger("SstpFarm.Host");

        SstpNodeOptions nodeOptions = ToNodeOptions(startup);
        IReadOnlyList<string> problems = nodeOptions.Validate();
        if (problems.Count > 0)
        {
            foreach (string problem in problems)
            {
                await startup.Console.Error.WriteLineAsync($"sstpfarm: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.ConfigError;
        }

        var node = new SstpNode(nodeOptions, startup.ControlPlane, startup.AuthenticationUsers, loggers, startup.Time);
        await using (node.ConfigureAwait(false))
        {
            try
            {
                await node.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                await startup.Console.Error.WriteLineAsync($"sstpfarm: cannot start the node: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            using NatMasquerade? nat = EnableNat(options, node.TunName ?? options.Addressing.TunName);
            using ReloadService reload = StartReloads(startup, node, loggers);
            FarmDuties duties;
            try
            {
                duties = FarmDuties.Start(startup.ControlPlane, node, options.Farm.Agent, options.Listener.MaxSessions, startup.Time, loggers);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await startup.Console.Error.WriteLineAsync($"sstpfarm: agent: cannot listen on {options.Farm.Agent}: {e.Message}").ConfigureAwait(false);
                await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await using ConfiguredAsyncDisposable farm = duties.ConfigureAwait(false);
            await using DataPlane.Balancer.TicketKeyPusher? ticketKeys = FarmTicketKeyPush.Start(startup.ControlPlane, options.Farm, startup.Time, loggers);
            Api.ApiHosting api = await Api.ApiHosting.StartAsync(startup, node, loggers, cancellationToken).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable apiScope = api.ConfigureAwait(false);
            if (!api.Started)
            {
                await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await startup.Console.Out.WriteLineAsync(
                $"sstpfarm: serving SSTP on {node.LocalEndPoint} ({(options.Tls.Disabled ? "TLS terminated in front" : "TLS")}), " +
                $"tunnel {node.TunName} {options.Addressing.EffectiveTunnelAddress}, pool {string.Join(", ", options.Addressing.Pools)}").ConfigureAwait(false);

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM / SIGINT: drain below.
            }

            // The agent says drain first, so that HAProxy (agent-inter 500 ms) sends nobody here while we stop.
            duties.BeginShutdown();
            if (duties.HasAgent)
            {
                await startup.Console.Out.WriteLineAsync("sstpfarm: stopping: agent says drain").ConfigureAwait(false);
                await Task.Delay(AgentDrainDelay, startup.Time, CancellationToken.None).ConfigureAwait(false);
            }

            await startup.Console.Out.WriteLineAsync("sstpfarm: stopping: disconnecting sessions").ConfigureAwait(false);
            await node.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    internal static SstpNodeOptions ToNodeOptions(NodeStartup startup)
    {
        SstpFarmOptions options = startup.Options;
        var node = new SstpNodeOptions
        {
            ListenEndPoint = options.Listener.Listen,
            UseTls = !options.Tls.Disabled,
            Certificate = startup.Certificate?.Certificate,
            CertificateChain = startup.Certificate?.Chain,
            CertificateHashSha256 = options.Tls.CertificateHashSha256,
            CertificateHashSha1 = options.Tls.CertificateHashSha1,
            ProxyProtocol = options.Listener.ProxyProtocol switch
            {
                Options.ProxyProtocolMode.Optional => DataPlane.Node.ProxyProtocolMode.Optional,
                Options.ProxyProtocolMode.Required => DataPlane.Node.ProxyProtocolMode.Required,
                _ => DataPlane.Node.ProxyProtocolMode.Off,
            },
            HandshakeTimeout = options.Timeouts.Handshake,
            ServerTunnelAddress = options.Addressing.EffectiveTunnelAddress,
            TunnelPrefixLength = options.Addressing.Pools[0].PrefixLength,
            DnsServers = options.Addressing.DnsServers,
            TunName = options.Addressing.TunName,
            Mtu = options.Addressing.Mtu,
            MaxSessions = options.Listener.MaxSessions,
            AuthMethods = [.. options.Authentication.Methods.Select(m => m switch
            {
                AuthMethod.Pap => ProtocolAuthMethod.Pap,
                AuthMethod.ChapMd5 => ProtocolAuthMethod.ChapMd5,
                _ => ProtocolAuthMethod.MsChapV2,
            })],
            NodeId = options.NodeId,
        };
        node.Sstp.NegotiationTimeout = options.Timeouts.Negotiation;
        node.Sstp.HelloInterval = options.Timeouts.Hello;
        return node;
    }

    private static NatMasquerade? EnableNat(SstpFarmOptions options, string tunName)
    {
        if (!options.Addressing.Nat)
        {
            return null;
        }

        // One masquerade table for the first pool; further pools are routed but not translated.
        return NatMasquerade.Enable(new NatOptions { PoolCidr = options.Addressing.Pools[0].ToString(), PoolInterface = tunName });
    }

    private static ReloadService StartReloads(NodeStartup startup, SstpNode node, ILoggerFactory loggers)
    {
        ILogger logger = loggers.CreateLogger("SstpFarm.Host.Reload");
        CertificateReloader? certificate = null;
        if (startup.Certificate is not null)
        {
            certificate = new CertificateReloader(startup.Certificate, startup.Options.Tls.KeyPassword, startup.Time, logger);
            certificate.CertificateChanged += changed => node.UpdateCertificate(changed.Certificate, changed.Chain);
        }

        var reload = new ReloadService(certificate, new UsersReloader(startup.Users, logger), startup.Time, logger);
        reload.Start();
        return reload;
    }

    private static LogLevel ToLogLevel(HostLogLevel level) => level switch
    {
        HostLogLevel.Trace => LogLevel.Trace,
        HostLogLevel.Debug => LogLevel.Debug,
        HostLogLevel.Warning => LogLevel.Warning,
        HostLogLevel.Error => LogLevel.Error,
        HostLogLevel.Critical => LogLevel.Critical,
        HostLogLevel.None => LogLevel.None,
        _ => LogLevel.Information,
    };
}
