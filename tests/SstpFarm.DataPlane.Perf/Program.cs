// TUN packets/s for one thread with 1400-byte packets, inside a throw-away network namespace.
//   write: one thread writes UDP packets into the TUN (the kernel delivers them locally to a port nobody listens on).
//   read:  a UDP socket in the namespace floods an address routed into the TUN; one thread reads.
//   forward: as read, through TunForwarder + ForwardingTable to an endpoint that takes every packet.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Interop;
using SstpFarm.DataPlane.Tun;

const int PacketLength = 1400;
TimeSpan duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3);
string ns = string.Create(CultureInfo.InvariantCulture, $"sfdp{Environment.ProcessId}n0");
Run("ip", "netns", "add", ns);
try
{
    string nsPath = $"/var/run/netns/{ns}";
    using TunDevice tun = TunDevice.Create(new TunDeviceOptions { Name = "sfperf0", QueueCount = 1, NetworkNamespacePath = nsPath });
    tun.Configure(new TunInterfaceSettings { Mtu = 1500, IPv4Address = IPAddress.Parse("10.90.0.1"), IPv4PrefixLength = 24 });

    // Write.
    byte[] packet = new byte[PacketLength];
    packet[0] = 0x45;
    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), PacketLength);
    packet[8] = 64;
    packet[9] = 17;
    IPAddress.Parse("10.90.0.2").TryWriteBytes(packet.AsSpan(12), out _);
    // Default: delivered locally (UDP, port unreachable). PERF_WRITE_DST=10.90.0.3: not local and
    // forwarding off, so the kernel drops it right after the route lookup (closer to pure TUN cost).
    IPAddress.Parse(Environment.GetEnvironmentVariable("PERF_WRITE_DST") ?? "10.90.0.1").TryWriteBytes(packet.AsSpan(16), out _);
    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));
    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 40000);
    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), 9);
    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), PacketLength - 20);
    TunQueue queue = tun.Queues[0];
    long written = 0, failed = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < duration)
    {
        for (int i = 0; i < 256; i++)
        {
            if (queue.TryWrite(packet, out _))
            {
                written++;
            }
            else
            {
                failed++;
            }
        }
    }

    Report("write", written, clock.Elapsed, $"failed {failed}");

    // Read (raw queue), then through the forwarder.
    Report("read", Flood(nsPath, () =>
    {
        long count = 0;
        byte[] buffer = new byte[4096];
        var reader = new Thread(() =>
        {
            while (queue.Read(buffer) >= 0)
            {
                count++;
            }
        });
        reader.Start();
        return (() => Interlocked.Read(ref count), () => { tun.CancelReads(); reader.Join(); });
    }, duration, out TimeSpan readTime), readTime, "");
}
finally
{
    Run("ip", "netns", "delete", ns);
}

Run("ip", "netns", "add", ns);
try
{
    string nsPath = $"/var/run/netns/{ns}";
    using TunDevice tun = TunDevice.Create(new TunDeviceOptions { Name = "sfperf0", QueueCount = 1, NetworkNamespacePath = nsPath });
    tun.Configure(new TunInterfaceSettings { Mtu = 1500, IPv4Address = IPAddress.Parse("10.90.0.1"), IPv4PrefixLength = 24 });
    var table = new ForwardingTable();
    table.TryAdd(IPAddress.Parse("10.90.0.2"), new Sink());
    using var forwarder = new TunForwarder(tun, table);
    long before = GC.GetTotalAllocatedBytes(precise: true);
    Report("forward", Flood(nsPath, () =>
    {
        forwarder.Start();
        return (() => forwarder.Counters.ForwardedFromTun, forwarder.Dispose);
    }, duration, out TimeSpan forwardTime), forwardTime, $"dropped(no route) {forwarder.Counters.Dropped(DropReason.NoRoute)}");
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    Console.WriteLine($"allocated during the forward run (all threads, incl. setup): {allocated / 1024} KiB for {forwarder.Counters.ForwardedFromTun} packets");
}
finally
{
    Run("ip", "netns", "delete", ns);
}

static long Flood(string nsPath, Func<(Func<long> Count, Action Stop)> startReader, TimeSpan duration, out TimeSpan elapsed)
{
    (Func<long> count, Action stop) = startReader();
    using Socket udp = NetworkNamespaceRunner.Run(nsPath, () => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
    var target = new IPEndPoint(IPAddress.Parse("10.90.0.2"), 9);
    udp.Connect(target);
    byte[] payload = new byte[PacketLength - 28];
    var clock = Stopwatch.StartNew();
    long start = count();
    while (clock.Elapsed < duration)
    {
        for (int i = 0; i < 64; i++)
        {
            try
            {
                udp.Send(payload);
            }
            catch (SocketException)
            {
                // ENOBUFS when the TUN queue is full: the reader is the bottleneck, keep going.
            }
        }
    }

    elapsed = clock.Elapsed;
    long total = count() - start;
    stop();
    return total;
}

static void Report(string what, long packets, TimeSpan elapsed, string extra) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what,-8} {packets / elapsed.TotalSeconds / 1e6:F3} M packets/s  {packets * PacketLength * 8 / elapsed.TotalSeconds / 1e9:F2} Gbit/s  ({packets} in {elapsed.TotalSeconds:F1} s) {extra}"));

static void Run(string file, params string[] arguments)
{
    using Process p = Process.Start(file, arguments);
    p.WaitForExit();
}

static ushort Checksum(ReadOnlySpan<byte> data)
{
    uint sum = 0;
    for (int i = 0; i + 1 < data.Length; i += 2)
    {
        sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
    }

    while (sum >> 16 != 0)
    {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }

    return (ushort)~sum;
}

internal sealed class Sink : IForwardingEndpoint
{
    public bool TryEnqueueFromTun(TunPacket packet)
    {
        packet.Return();
        return true;
    }
}
