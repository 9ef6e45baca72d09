using System.Net;
using System.Net.Sockets;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>A free TCP port on 127.0.0.1 for a process that binds it itself (HAProxy).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
