using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>Keeps every packet a control protocol sends.</summary>
internal sealed class RecordingOutput : IPppOutput
{
    public List<(ushort Protocol, byte[] Packet)> Sent { get; } = [];

    public IEnumerable<byte> Codes => Sent.Select(p => p.Packet[0]);

    public byte[] Last => Sent[^1].Packet;

    public void Send(ushort protocol, ReadOnlySpan<byte> packet) => Sent.Add((protocol, packet.ToArray()));

    public void Clear() => Sent.Clear();
}
