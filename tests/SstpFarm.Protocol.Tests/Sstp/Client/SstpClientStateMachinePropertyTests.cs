using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp.Client;

public sealed class SstpClientStateMachinePropertyTests
{
    private static readonly byte[][] Packets =
    [
        ClientHarness.Ack(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256),
        ClientHarness.Ack(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1), ClientHarness.Nak, ClientHarness.EchoRequest,
        ClientHarness.EchoResponse, ClientHarness.CallAbort, ClientHarness.CallDisconnect, ClientHarness.CallDisconnectAck,
        ClientHarness.CallConnectRequest, Hex.Parse("10 01 00 08 00 0A 00 00"), Hex.Parse("10 01 00 08 00 02 00 00"),
    ];

    /// <summary>See <see cref="SstpHarness.CheckRandomEventSequences"/>.</summary>
    [Fact]
    public void RandomEventSequencesKeepTheInvariants() =>
        SstpHarness.CheckRandomEventSequences(() => new ClientHarness(), Packets);
}
