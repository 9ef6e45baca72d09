using Microsoft.Extensions.Logging;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.DataPlane.Auth;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Node;
using SstpFarm.DataPlane.Telemetry;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.DataPlane.Sessions;

/// <summary>What every session of a node shares: options, clock, forwarding, control plane, authentication.</summary>
internal sealed class SessionServices
{
    public SessionServices(
        SstpNodeOptions options,
        MonotonicClock clock,
        ILogger logger,
        TunForwarder forwarder,
        ForwardingTable table,
        IIpPool pool,
        ISessionRegistry registry,
        IPppAuthenticationProvider authentication,
        IRandomSource random,
        NodeMetrics metrics)
    {
        Options = options;
        Clock = clock;
        Logger = logger;
        Forwarder = forwarder;
        Table = table;
        Pool = pool;
        Registry = registry;
        Authentication = authentication;
        Random = random;
        Metrics = metrics;
        Counters = metrics.Counters;
        LinkOptions = new PppLinkOptions
        {
            Lcp = new LcpOptions
            {
                Mru = (ushort)options.Mtu,
                AuthMethods = [.. options.AuthMethods.Select(ToLcp)],
                EchoIntervalMs = options.LcpEchoIntervalMs,
            },
            Auth = options.PppAuth,
            EnableIpv6 = options.EnableIpv6,
        };
    }

    public SstpNodeOptions Options { get; }

    public MonotonicClock Clock { get; }

    public ILogger Logger { get; }

    public TunForwarder Forwarder { get; }

    public ForwardingTable Table { get; }

    public IIpPool Pool { get; }

    public ISessionRegistry Registry { get; }

    public IPppAuthenticationProvider Authentication { get; }

    public IRandomSource Random { get; }

    public SessionCounters Counters { get; }

    public NodeMetrics Metrics { get; }

    /// <summary>Built once from the options; shared by every link (read-only).</summary>
    public PppLinkOptions LinkOptions { get; }

    private static LcpAuthMethod ToLcp(Protocol.Auth.AuthMethod method) => method switch
    {
        Protocol.Auth.AuthMethod.Pap => LcpAuthMethod.Pap,
        Protocol.Auth.AuthMethod.ChapMd5 => LcpAuthMethod.ChapMd5,
        Protocol.Auth.AuthMethod.MsChapV2 => LcpAuthMethod.MsChapV2,
        Protocol.Auth.AuthMethod.EapMsChapV2 => LcpAuthMethod.Eap,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
