using BenchmarkDotNet.Attributes;
using SstpFarm.Protocol.Net;

namespace SstpFarm.Protocol.Benchmarks;

/// <summary>
/// MSS clamping runs on every forwarded packet; it must cost a few nanoseconds and allocate nothing.
/// dotnet run -c Release --project tests/SstpFarm.Protocol.Benchmarks -- --filter '*MssClamp*' --job short
/// </summary>
[MemoryDiagnoser]
public class MssClampBenchmarks
{
    // IPv4 SYN with Linux-style options (MSS 1460, SACK-perm, timestamps, NOP, window scale 7).
    private static readonly byte[] SynTemplate = Convert.FromHexString(
        "4500003c1c46400040069d22c0a80001c0a80002"
        + "d43101bb1a2b3c4d00000000a002faf0bd140000"
        + "020405b40402080a0001e2400000000001030307");

    private readonly byte[] _syn = new byte[SynTemplate.Length];
    private byte[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        // A 1400-byte ACK data segment: the common case that must pass straight through.
        _data = new byte[1400];
        SynTemplate.AsSpan(0, 40).CopyTo(_data);
        _data[2] = 1400 >> 8;
        _data[3] = 1400 & 0xFF;
        _data[32] = 0x50; // data offset 5, no options
        _data[33] = 0x10; // ACK
    }

    [Benchmark]
    public MssClampResult ClampSyn()
    {
        // Restore the 1460 MSS each time so every call really rewrites it (copy of 60 bytes included).
        SynTemplate.CopyTo(_syn, 0);
        return TcpMssClamp.Clamp(_syn, 1360, 1340);
    }

    [Benchmark]
    public MssClampResult PassThroughData() => TcpMssClamp.Clamp(_data, 1360, 1340);
}
