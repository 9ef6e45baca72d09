using System.Globalization;
using System.Net;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>
/// Renders the shipped configs for a test: they read "${NAME-default}" from the environment (HAProxy
/// expands it), so rendering is choosing the environment.
/// </summary>
internal static class ShippedConfig
{
    /// <summary>Environment for deploy/haproxy/haproxy-tcp.cfg: three nodes on 127.0.0.1 with their agents.</summary>
    public static Dictionary<string, string> Tcp(TempDirectory dir, string name, int bindPort, IReadOnlyList<(IPEndPoint Node, int AgentPort)> nodes)
    {
        if (nodes.Count != 3)
        {
            throw new ArgumentException("the shipped configs list three nodes", nameof(nodes));
        }

        var environment = new Dictionary<string, string>
        {
            ["SSTP_BIND"] = "127.0.0.1:" + bindPort.ToString(CultureInfo.InvariantCulture),
            ["HAPROXY_STATS_SOCKET"] = dir.File(name + ".sock"),
        };
        for (int i = 0; i < nodes.Count; i++)
        {
            string n = (i + 1).ToString(CultureInfo.InvariantCulture);
            environment["SSTP_NODE" + n] = nodes[i].Node.ToString();
            environment["SSTP_NODE" + n + "_AGENT_PORT"] = nodes[i].AgentPort.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>Environment for deploy/haproxy/haproxy-tls.cfg: the Tcp one plus certificate and ticket key file.</summary>
    public static Dictionary<string, string> Tls(TempDirectory dir, string name, int bindPort, IReadOnlyList<(IPEndPoint Node, int AgentPort)> nodes, string certificate, string ticketKeys)
    {
        Dictionary<string, string> environment = Tcp(dir, name, bindPort, nodes);
        environment["SSTP_CERT"] = certificate;
        environment["SSTP_TICKET_KEYS"] = ticketKeys;
        return environment;
    }
}
