using System.Net;
using System.Net.Sockets;
using SstpFarm.DataPlane.Interop;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.DataPlane.Tun;

namespace SstpFarm.DataPlane.Tests.Tun;

/// <summary>The TUN device against the real kernel, always inside a test network namespace.</summary>
public sealed class TunDeviceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void PingFromTheNamespaceIsAnsweredThroughTheTun()
    {
        using NetworkNamespace ns = NetworkNamespace.Create();
        using TunDevice tun = TunDevice.Create(new TunDeviceOptions
        {
            Name = NetworkNamespace.UniqueInterfaceName("sft"),
            QueueCount = 2,
            NetworkNamespacePath = ns.Path,
        });
        tun.Configure(new TunInterfaceSettings { Mtu = 1400, IPv4Address = IPAddress.Parse("10.77.0.1"), IPv4PrefixLength = 24 });

        Thread[] responders = [.. tun.Queues.Select(StartEchoResponder)];
        CommandResult ping = ns.Exec(Patience, "ping", "-c", "1", "-W", "5", "10.77.0.2");
        tun.CancelReads();
        foreach (Thread responder in responders)
        {
            Assert.True(responder.Join(Patience), "a reader did not stop after CancelReads");
        }

        Assert.True(ping.ExitCode == 0, $"ping failed: {ping.StandardOutput} {ping.StandardError}");
        Assert.Contains("1 received", ping.StandardOutput, StringComparison.Ordinal);
        string link = ns.Ip("link", "show", "dev", tun.Name).StandardOutput;
        Assert.Contains("mtu 1400", link, StringComparison.Ordinal);
        Assert.Contains("UP", link, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryQueueReceivesWhenFlowsAreSpread()
    {
        using NetworkNamespace ns = NetworkNamespace.Create();
        using TunDevice tun = TunDevice.Create(new TunDeviceOptions
        {
            Name = NetworkNamespace.UniqueInterfaceName("sft"),
            QueueCount = 2,
            NetworkNamespacePath = ns.Path,
        });
        tun.Configure(new TunInterfaceSettings { IPv4Address = IPAddress.Parse("10.77.1.1"), IPv4PrefixLength = 24 });

        const int Flows = 64;
        int[] perQueue = new int[tun.Queues.Count];
        using var allArrived = new CountdownEvent(Flows);
        Thread[] readers = [.. tun.Queues.Select(queue => StartReader(queue, packet =>
        {
            if (packet[0] >> 4 == 4 && packet[9] == TestPackets.ProtocolUdp)
            {
                Interlocked.Increment(ref perQueue[queue.Index]);
                allArrived.Signal();
            }
        }))];

        using (Socket udp = NetworkNamespaceRunner.Run(ns.Path, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)))
        {
            for (int port = 0; port < Flows; port++)
            {
                udp.SendTo(new byte[100], new IPEndPoint(IPAddress.Parse("10.77.1.2"), 20000 + port));
            }
        }

        bool all = allArrived.Wait(Patience);
        tun.Dispose();
        foreach (Thread reader in readers)
        {
            Assert.True(reader.Join(Patience), "a reader did not stop after Dispose");
        }

        Assert.True(all, $"only {perQueue.Sum()} of {Flows} datagrams came out of the TUN");
        Assert.All(perQueue, count => Assert.True(count > 0, $"a queue got nothing: [{string.Join(", ", perQueue)}]"));
    }

    [Fact]
    public void LinkMovedIntoANamespaceCanBeConfiguredThereWithIPv4AndIPv6()
    {
        using NetworkNamespace ns = NetworkNamespace.Create();
        string name = NetworkNamespace.UniqueInterfaceName("sft");
        using TunDevice tun = TunDevice.Create(new TunDeviceOptions { Name = name, QueueCount = 1 });
        Assert.Equal(0, Command.Run("ip", "link", "show", "dev", name).ExitCode);

        tun.MoveToNamespace(ns.Path);
        Assert.NotEqual(0, Command.Run("ip", "link", "show", "dev", name).ExitCode);
        tun.Configure(new TunInterfaceSettings
        {
            Mtu = 1300,
            IPv4Address = IPAddress.Parse("10.78.0.1"),
            IPv4PrefixLength = 24,
            IPv6Address = IPAddress.Parse("fd00:78::1"),
            IPv6PrefixLength = 64,
        });

        string addresses = ns.Ip("addr", "show", "dev", name).StandardOutput;
        Assert.Contains("mtu 1300", addresses, StringComparison.Ordinal);
        Assert.Contains("inet 10.78.0.1/24", addresses, StringComparison.Ordinal);
        Assert.Contains("inet6 fd00:78::1/64", addresses, StringComparison.Ordinal);

        // An IPv6 datagram routed into the link comes out of the fd.
        using var arrived = new ManualResetEventSlim();
        byte[] first = [];
        Thread reader = StartReader(tun.Queues[0], packet =>
        {
            if (packet[0] >> 4 == 6 && packet[6] == TestPackets.ProtocolUdp && !arrived.IsSet)
            {
                first = packet.ToArray();
                arrived.Set();
            }
        });
        using (Socket udp = NetworkNamespaceRunner.Run(ns.Path, () => new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp)))
        {
            udp.SendTo(new byte[10], new IPEndPoint(IPAddress.Parse("fd00:78::2"), 5555));
        }

        bool got = arrived.Wait(Patience);
        tun.CancelReads();
        Assert.True(reader.Join(Patience));
        Assert.True(got, "no IPv6 packet came out of the TUN");
        Assert.Equal(IPAddress.Parse("fd00:78::2"), new IPAddress(first.AsSpan(24, 16)));
    }

    [Fact]
    public void DisposeUnblocksAReaderAndRemovesTheLink()
    {
        using NetworkNamespace ns = NetworkNamespace.Create();
        TunDevice tun = TunDevice.Create(new TunDeviceOptions
        {
            Name = NetworkNamespace.UniqueInterfaceName("sft"),
            QueueCount = 2,
            NetworkNamespacePath = ns.Path,
        });
        int result = 0;
        var reader = new Thread(() => result = tun.Queues[1].Read(new byte[2048]));
        reader.Start();
        Assert.Equal(0, ns.Exec("ip", "link", "show", "dev", tun.Name).ExitCode);

        tun.Dispose();

        Assert.True(reader.Join(Patience), "Read stayed blocked after Dispose");
        Assert.Equal(-1, result);
        Assert.NotEqual(0, ns.Exec("ip", "link", "show", "dev", tun.Name).ExitCode);
        Assert.False(tun.Queues[0].TryWrite(new byte[20], out _));
    }

    [Fact]
    public void TooLongNameIsRejectedBeforeTheKernelIsAsked()
    {
        Assert.Throws<ArgumentException>(() => TunDevice.Create(new TunDeviceOptions { Name = "a-name-far-too-long" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TunDevice.Create(new TunDeviceOptions { Name = "x", QueueCount = 0 }));
    }

    private static Thread StartEchoResponder(TunQueue queue) => StartReader(queue, packet =>
    {
        if (TestPackets.TryMakeEchoReply(packet))
        {
            Assert.True(queue.TryWrite(packet, out int errno), $"write failed, errno {errno}");
        }
    });

    internal delegate void PacketHandler(Span<byte> packet);

    internal static Thread StartReader(TunQueue queue, PacketHandler onPacket)
    {
        var thread = new Thread(() =>
        {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = queue.Read(buffer)) >= 0)
            {
                onPacket(buffer.AsSpan(0, n));
            }
        })
        {
            IsBackground = true,
            Name = $"tun-test-reader-{queue.Index}",
        };
        thread.Start();
        return thread;
    }
}
