using System.Net;
using System.Net.Sockets;

namespace SstpFarm.Observability.Tests.Infrastructure;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago, for a server the test starts.</summary>
internal static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
