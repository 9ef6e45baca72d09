using System.Buffers;
using BenchmarkDotNet.Attributes;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Control;

namespace SstpFarm.Protocol.Benchmarks;

/// <summary>The SSTP per-packet hot path: must allocate nothing.</summary>
[MemoryDiagnoser]
public class SstpPacketBenchmarks
{
    // Two back-to-back packets as a read loop sees them: an IPCP data packet, then an Echo Request.
    private static readonly byte[] Received =
    [
        0x10, 0x00, 0x00, 0x12, 0xFF, 0x03, 0x80, 0x21, 0x01, 0x01, 0x00, 0x0A, 0x03, 0x06, 0xAC, 0x17, 0x18, 0x0E,
        0x10, 0x01, 0x00, 0x08, 0x00, 0x08, 0x00, 0x00,
    ];

    private readonly byte[] _outgoing = new byte[SstpDataPacket.Headroom + 1400];

    [Benchmark]
    public int ParseDataPacketAndLocatePppFrame()
    {
        if (SstpPacketHeader.TryReadPacket(Received, out SstpPacketHeader header, out ReadOnlySpan<byte> packet) != OperationStatus.Done
            || header.IsControl
            || SstpDataPacket.TryGetPppFrame(packet, out ReadOnlySpan<byte> frame) != OperationStatus.Done)
        {
            return -1;
        }

        return frame.Length + frame[2];
    }

    [Benchmark]
    public int WriteDataHeaderInPlace() => SstpDataPacket.WriteHeaderInPlace(_outgoing, 1400);

    [Benchmark]
    public int ParseEchoRequest()
    {
        ReadOnlySpan<byte> echo = Received.AsSpan(18);
        if (SstpControlMessage.TryRead(echo, out SstpControlMessage message) != OperationStatus.Done)
        {
            return -1;
        }

        return (int)message.MessageType + message.AttributeCount;
    }
}
