using System.Net;
using System.Net.Sockets;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Interop;
using SstpFarm.DataPlane.Tests.Infrastructure;

namespace SstpFarm.DataPlane.Tests.Forwarding;

/// <summary>The forwarder on a real TUN device: the kernel routes datagrams into it, the test
/// doubles stand in for sessions.</summary>
public sealed class TunForwarderTests
{
    [Fact]
    public void PacketsFromTheTunReachTheSessionOwningTheDestination()
    {
        using var rig = new ForwardingRig();
        var alice = new RecordingEndpoint();
        var bob = new RecordingEndpoint();
        Assert.True(rig.Table.TryAdd(IPAddress.Parse("10.79.0.2"), alice));
        Assert.True(rig.Table.TryAdd(IPAddress.Parse("fd00:79::2"), alice));
        Assert.True(rig.Table.TryAdd(IPAddress.Parse("10.79.0.3"), bob));

        SendUdp(rig, "10.79.0.2", 3);
        SendUdp(rig, "10.79.0.3", 2);
        SendUdp(rig, "fd00:79::2", 1);

        Eventually.True(() => alice.Count == 4 && bob.Count == 2, () => $"alice {alice.Count}, bob {bob.Count}");
        Assert.Equal(3, alice.Received.Count(p => p[0] >> 4 == 4 && new IPAddress(p.AsSpan(16, 4)).Equals(IPAddress.Parse("10.79.0.2"))));
        Assert.Equal(1, alice.Received.Count(p => p[0] >> 4 == 6 && new IPAddress(p.AsSpan(24, 16)).Equals(IPAddress.Parse("fd00:79::2"))));
        Assert.All(bob.Received, p => Assert.Equal(IPAddress.Parse("10.79.0.3"), new IPAddress(p.AsSpan(16, 4))));
        Assert.True(rig.Counters.ForwardedFromTun >= 6);
    }

    [Fact]
    public void DestinationWithoutASessionIsCountedAsNoRoute()
    {
        using var rig = new ForwardingRig();
        var alice = new RecordingEndpoint();
        rig.Table.TryAdd(IPAddress.Parse("10.79.0.2"), alice);

        SendUdp(rig, "10.79.0.9", 2);

        Eventually.True(() => rig.Counters.Dropped(DropReason.NoRoute) >= 2, () => $"no-route drops: {rig.Counters.Dropped(DropReason.NoRoute)}");
        Assert.Equal(0, alice.Count);
    }

    [Fact]
    public void AFullSessionQueueDropsAndCounts()
    {
        using var rig = new ForwardingRig();
        var slow = new RecordingEndpoint(capacity: 1);
        rig.Table.TryAdd(IPAddress.Parse("10.79.0.4"), slow);

        SendUdp(rig, "10.79.0.4", 3);

        Eventually.True(() => rig.Counters.Dropped(DropReason.QueueFull) == 2, () => $"queue-full drops: {rig.Counters.Dropped(DropReason.QueueFull)}");
        Assert.Equal(1, slow.Count);
    }

    [Fact]
    public void ASessionPacketReachesTheKernelButASpoofedOneIsDroppedAndCounted()
    {
        using var rig = new ForwardingRig();
        var alice = new RecordingEndpoint();
        var bob = new RecordingEndpoint();
        IPAddress aliceAddress = IPAddress.Parse("10.79.0.2");
        IPAddress bobAddress = IPAddress.Parse("10.79.0.3");
        rig.Table.TryAdd(aliceAddress, alice);
        rig.Table.TryAdd(bobAddress, bob);
        rig.Table.TryAdd(IPAddress.Parse("fd00:79::3"), bob);

        using Socket listener = NetworkNamespaceRunner.Run(rig.Namespace.Path, () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(ForwardingRig.NodeV4, 0));
            return s;
        });
        ushort port = (ushort)((IPEndPoint)listener.LocalEndPoint!).Port;

        byte[] spoofed = TestPackets.UdpV4(bobAddress, ForwardingRig.NodeV4, 4000, port, 1);
        spoofed[^1] = 0xBB;
        byte[] genuine = TestPackets.UdpV4(aliceAddress, ForwardingRig.NodeV4, 4000, port, 1);
        genuine[^1] = 0xAA;
        byte[] spoofedV6 = TestPackets.UdpV6(IPAddress.Parse("fd00:79::3"), ForwardingRig.NodeV6, 1);

        Assert.Equal(DropReason.Spoofed, rig.Forwarder.WriteToTun(alice, spoofed));
        Assert.Equal(DropReason.Spoofed, rig.Forwarder.WriteToTun(alice, spoofedV6));
        Assert.Equal(DropReason.None, rig.Forwarder.WriteToTun(alice, genuine));

        byte[] received = new byte[16];
        listener.ReceiveTimeout = 20_000;
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        int n = listener.ReceiveFrom(received, ref from);
        Assert.Equal(1, n);
        Assert.Equal(0xAA, received[0]);
        Assert.Equal(aliceAddress, ((IPEndPoint)from).Address);
        Assert.Equal(2, rig.Counters.Dropped(DropReason.Spoofed));
        Assert.Equal(1, rig.Counters.ForwardedToTun);
        Assert.Equal(0, listener.Available);
    }

    [Fact]
    public void AnAddressHasOneOwnerAndOnlyItsOwnerRemovesIt()
    {
        var table = new ForwardingTable();
        var alice = new RecordingEndpoint();
        var bob = new RecordingEndpoint();
        IPAddress address = IPAddress.Parse("10.79.0.2");

        Assert.True(table.TryAdd(address, alice));
        Assert.False(table.TryAdd(address, bob));
        Assert.False(table.TryRemove(address, bob));
        Assert.True(table.TryGet(address, out IForwardingEndpoint? owner));
        Assert.Same(alice, owner);
        Assert.True(table.TryRemove(address, alice));
        Assert.Equal(0, table.Count);
    }

    private static void SendUdp(ForwardingRig rig, string destination, int count)
    {
        IPAddress address = IPAddress.Parse(destination);
        using Socket udp = NetworkNamespaceRunner.Run(rig.Namespace.Path, () => new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp));
        for (int i = 0; i < count; i++)
        {
            udp.SendTo(new byte[64], new IPEndPoint(address, 30000 + i));
        }
    }
}
