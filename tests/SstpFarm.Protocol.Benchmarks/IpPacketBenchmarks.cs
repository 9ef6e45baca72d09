using BenchmarkDotNet.Attributes;
using SstpFarm.Protocol.Net;

namespace SstpFarm.Protocol.Benchmarks;

/// <summary>
/// The TUN forwarder validates every packet and reads its addresses through these views (both
/// directions); a few nanoseconds, no allocation.
/// dotnet run -c Release --project tests/SstpFarm.Protocol.Benchmarks -- --filter '*IpPacket*' --job short
/// </summary>
[MemoryDiagnoser]
public class IpPacketBenchmarks
{
    private readonly byte[] _ipv4 = new byte[1400];
    private readonly byte[] _ipv6 = new byte[1400];

    [GlobalSetup]
    public void Setup()
    {
        // 1400-byte UDP-sized packets: version/IHL and the length fields are all Validate reads.
        _ipv4[0] = 0x45;
        _ipv4[2] = 1400 >> 8;
        _ipv4[3] = 1400 & 0xFF;
        _ipv4[19] = 2;
        _ipv6[0] = 0x60;
        _ipv6[4] = (1400 - 40) >> 8;
        _ipv6[5] = (1400 - 40) & 0xFF;
        _ipv6[39] = 2;
    }

    [Benchmark]
    public uint ValidateIpv4AndReadDestination() =>
        IpPacket.Validate(_ipv4, out Ipv4Packet ipv4, out _) == IpPacketStatus.Ipv4 ? ipv4.DestinationAddress : 0;

    [Benchmark]
    public UInt128 ValidateIpv6AndReadDestination() =>
        IpPacket.Validate(_ipv6, out _, out Ipv6Packet ipv6) == IpPacketStatus.Ipv6 ? ipv6.DestinationAddressValue : 0;
}
