using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Protocol.Tests.Ppp;

internal sealed class RecordingLcpEvents : ILcpEvents
{
    public List<string> Events { get; } = [];

    public void LayerUp(ushort protocol) => Events.Add($"up {protocol:X4}");

    public void LayerDown(ushort protocol) => Events.Add($"down {protocol:X4}");

    public void LayerStarted(ushort protocol) => Events.Add($"started {protocol:X4}");

    public void LayerFinished(ushort protocol) => Events.Add($"finished {protocol:X4}");

    public void ProtocolRejected(ushort protocol) => Events.Add($"protocol-reject {protocol:X4}");

    public void KeepaliveFailed() => Events.Add("keepalive-failed");
}
