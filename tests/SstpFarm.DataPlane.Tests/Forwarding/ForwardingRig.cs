using System.Net;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.DataPlane.Tun;

namespace SstpFarm.DataPlane.Tests.Forwarding;

/// <summary>A namespace with a two-queue TUN holding 10.79.0.1/24 and fd00:79::1/64, a table and a running forwarder.</summary>
internal sealed class ForwardingRig : IDisposable
{
    public static readonly IPAddress NodeV4 = IPAddress.Parse("10.79.0.1");
    public static readonly IPAddress NodeV6 = IPAddress.Parse("fd00:79::1");

    public ForwardingRig(bool start = true)
    {
        Namespace = NetworkNamespace.Create();
        try
        {
            Device = TunDevice.Create(new TunDeviceOptions
            {
                Name = NetworkNamespace.UniqueInterfaceName("sff"),
                QueueCount = 2,
                NetworkNamespacePath = Namespace.Path,
            });
            Device.Configure(new TunInterfaceSettings
            {
                Mtu = 1400,
                IPv4Address = NodeV4,
                IPv4PrefixLength = 24,
                IPv6Address = NodeV6,
                IPv6PrefixLength = 64,
            });
            Forwarder = new TunForwarder(Device, Table);
            if (start)
            {
                Forwarder.Start();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public NetworkNamespace Namespace { get; }

    public TunDevice Device { get; } = null!;

    public ForwardingTable Table { get; } = new();

    public TunForwarder Forwarder { get; } = null!;

    public ForwardingCounters Counters => Forwarder.Counters;

    public void Dispose()
    {
        Forwarder?.Dispose();
        Device?.Dispose();
        Namespace.Dispose();
    }
}
