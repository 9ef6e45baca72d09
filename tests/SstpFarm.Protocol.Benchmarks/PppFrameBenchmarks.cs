using BenchmarkDotNet.Attributes;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Benchmarks;

/// <summary>The per-packet PPP framing work on the data path: must allocate nothing.</summary>
[MemoryDiagnoser]
public class PppFrameBenchmarks
{
    private readonly byte[] _uncompressed = new byte[1404];
    private readonly byte[] _compressed = new byte[1401];
    private readonly byte[] _buffer = new byte[1500];

    [GlobalSetup]
    public void Setup()
    {
        PppFrameCodec.WriteHeader(_uncompressed, PppProtocol.Ipv4);
        _uncompressed[4] = 0x45;
        _compressed[0] = 0x21; // PFC + ACFC: the protocol byte only
        _compressed[1] = 0x45;
    }

    [Benchmark(Baseline = true)]
    public int DecodeUncompressed()
    {
        PppFrameCodec.TryDecode(_uncompressed, out PppFrame frame);
        return frame.Protocol + frame.Information.Length;
    }

    [Benchmark]
    public int DecodePfcAcfc()
    {
        PppFrameCodec.TryDecode(_compressed, out PppFrame frame);
        return frame.Protocol + frame.Information.Length;
    }

    [Benchmark]
    public int EncodeHeaderInPlace() => PppFrameCodec.PrependHeader(_buffer, 8, PppProtocol.Ipv4);
}
