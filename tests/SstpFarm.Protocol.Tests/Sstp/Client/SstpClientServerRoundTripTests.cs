using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Sstp.Server;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp.Client;

/// <summary>Our client state machine against our server state machine, packets passed by hand.</summary>
public sealed class SstpClientServerRoundTripTests
{
    [Theory]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256, CertHashProtocols.CERT_HASH_PROTOCOL_SHA256)]
    [InlineData(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1, CertHashProtocols.CERT_HASH_PROTOCOL_SHA1)]
    public void ClientAndServerConnectWithAVerifiedCryptoBinding(CertHashProtocols offered, CertHashProtocols expected)
    {
        var link = new Link(new SstpServerOptions { OfferedHashProtocols = offered });
        link.Client.Start(0);
        link.Pump(1);
        Assert.Equal(SstpClientState.Client_Connect_Ack_Received, link.Client.State);
        Assert.Equal(SstpServerState.Server_Call_Connected_Pending, link.Server.State);
        Assert.Equal(expected, link.Client.HashProtocol);

        // Both PPP ends derived the same HLAK (MS-CHAPv2); the client binds first, like sstpc.
        byte[] hlak = Hex.Parse(SstpVectors.HlakMsChapV2);
        link.Client.OnAuthenticated(hlak, 2);
        link.Pump(2);
        Assert.Equal(SstpServerState.Server_Call_Connected_Pending, link.Server.State);
        link.Server.SetHigherLayerAuthenticationKey(hlak, 3);
        Assert.Equal(SstpServerState.Server_Call_Connected, link.Server.State);
        Assert.Equal(SstpClientState.Client_Call_Connected, link.Client.State);

        // Echo round trip, then a clean hang-up by the client.
        link.Client.Tick(link.Client.NextDeadlineMs);
        link.Pump(60_010);
        Assert.False(link.Client.IsClosed);
        link.Client.Disconnect(70_000);
        link.Pump(70_000);
        Assert.Equal(SstpClientCloseReason.UserDisconnect, link.Client.CloseReason);
        Assert.True(link.Client.IsClosed);
        link.Server.OnTransportClosed(70_001);
        Assert.Equal(SstpCloseReason.PeerDisconnect, link.Server.CloseReason);
    }

    [Fact]
    public void AWrongHlakIsRejectedByTheServerAndTheClientSeesPeerAbort()
    {
        var link = new Link(new SstpServerOptions());
        link.Client.Start(0);
        link.Pump(0);
        link.Server.SetHigherLayerAuthenticationKey(Hex.Parse(SstpVectors.HlakMsChapV2), 0);
        link.Client.OnAuthenticated(new byte[32], 0);
        link.Pump(0);
        Assert.Equal(SstpCloseReason.CryptoBindingMacMismatch, link.Server.CloseReason);
        Assert.Equal(SstpClientCloseReason.PeerAbort, link.Client.CloseReason);
        Assert.Equal(SstpClientState.Call_Abort_Timeout_Pending, link.Client.State);
    }

    [Fact]
    public void AWrongCertificateHashIsRejectedByTheServer()
    {
        byte[] other = new byte[32];
        other[0] = 1;
        var link = new Link(new SstpServerOptions(), new ServerCertificateHashes([], other));
        link.Client.Start(0);
        link.Pump(0);
        link.Client.OnAuthenticated(new byte[32], 0);
        link.Pump(0);
        Assert.Equal(SstpCloseReason.CryptoBindingCertificateHashMismatch, link.Server.CloseReason);
    }

    private sealed class Link : ISstpClientOutput, ISstpServerOutput
    {
        private readonly Queue<byte[]> _toServer = new();
        private readonly Queue<byte[]> _toClient = new();

        public Link(SstpServerOptions serverOptions, ServerCertificateHashes? clientSees = null)
        {
            var certificate = new ServerCertificateHashes(Hex.Parse(SstpVectors.CertHashSha1), Hex.Parse(SstpVectors.CertHashSha256));
            Server = new SstpServerStateMachine(serverOptions, certificate, CryptoRandomSource.Instance, this);
            Client = new SstpClientStateMachine(new SstpClientOptions(), clientSees ?? certificate, this);
            Server.Start(0);
        }

        public SstpServerStateMachine Server { get; }

        public SstpClientStateMachine Client { get; }

        public void Pump(long nowMs)
        {
            while (_toServer.Count + _toClient.Count > 0)
            {
                if (_toServer.TryDequeue(out byte[]? up))
                {
                    Server.OnControlPacket(up, nowMs);
                }

                if (_toClient.TryDequeue(out byte[]? down))
                {
                    Client.OnControlPacket(down, nowMs);
                }
            }
        }

        void ISstpClientOutput.SendControlPacket(ReadOnlySpan<byte> packet) => _toServer.Enqueue(packet.ToArray());

        void ISstpClientOutput.LowerLayerUp()
        {
        }

        void ISstpClientOutput.DataFramesAllowed()
        {
        }

        void ISstpClientOutput.CloseConnection(SstpClientCloseReason reason)
        {
        }

        void ISstpServerOutput.SendControlPacket(ReadOnlySpan<byte> packet) => _toClient.Enqueue(packet.ToArray());

        void ISstpServerOutput.LowerLayerUp()
        {
        }

        void ISstpServerOutput.DataFramesAllowed()
        {
        }

        void ISstpServerOutput.CloseConnection(SstpCloseReason reason)
        {
        }
    }
}
