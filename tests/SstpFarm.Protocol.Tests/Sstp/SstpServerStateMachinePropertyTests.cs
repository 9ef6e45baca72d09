using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

public sealed class SstpServerStateMachinePropertyTests
{
    private static readonly byte[][] Packets =
    [
        ServerHarness.CallConnectRequest, ServerHarness.BadCallConnectRequest, ServerHarness.CallConnected,
        ServerHarness.EchoRequest, ServerHarness.EchoResponse, ServerHarness.CallAbort, ServerHarness.CallDisconnect,
        ServerHarness.CallDisconnectAck, Hex.Parse("10 01 00 08 00 0A 00 00"), Hex.Parse("10 01 00 08 00 04 00 00"),
    ];

    /// <summary>See <see cref="SstpHarness.CheckRandomEventSequences"/>.</summary>
    [Fact]
    public void RandomEventSequencesKeepTheInvariants() =>
        SstpHarness.CheckRandomEventSequences(() => new ServerHarness(), Packets);
}
