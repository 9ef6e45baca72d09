using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp.Client;

/// <summary>
/// Drives an <see cref="SstpClientStateMachine"/> whose TLS peer presented a certificate with the
/// [MS-SSTP §4.7] hashes, so the Call Connected it builds can be compared with the published bytes.
/// </summary>
internal sealed class ClientHarness : SstpHarness, ISstpClientOutput
{
    public static readonly byte[] Nak = Hex.Parse("10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 01");
    public static readonly byte[] CallAbort = Hex.Parse("10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 03 00 00 00 04");

    public ClientHarness(SstpClientOptions? options = null, ServerCertificateHashes? hashes = null)
    {
        Machine = new SstpClientStateMachine(
            options ?? new SstpClientOptions(),
            hashes ?? new ServerCertificateHashes(Hex.Parse(SstpVectors.CertHashSha1), Hex.Parse(SstpVectors.CertHashSha256)),
            this);
    }

    public SstpClientStateMachine Machine { get; }

    public SstpClientState State => Machine.State;

    public override bool IsClosed => Machine.IsClosed;

    public override long NextDeadlineMs => Machine.NextDeadlineMs;

    public override bool AllowsPppDataFrames => Machine.AllowsPppDataFrames;

    public override bool IsCallDisconnected => State == SstpClientState.Client_Call_Disconnected;

    public override bool IsCallConnected => State == SstpClientState.Client_Call_Connected;

    public override bool HasCloseReason => Machine.CloseReason != SstpClientCloseReason.None;

    protected override byte[] PeerCallAbort => CallAbort;

    /// <summary>A Call Connect Ack with this bitmask and the nonce of the matching spec example.</summary>
    public static byte[] Ack(CertHashProtocols offered, string nonce = SstpVectors.NonceSha256)
    {
        byte[] ack = new byte[SstpControlWriter.CallConnectAckLength];
        SstpControlWriter.WriteCallConnectAck(ack, offered, Hex.Parse(nonce));
        return ack;
    }

    public override void Receive(byte[] packet, long nowMs) => Machine.OnControlPacket(packet, nowMs);

    public override void Start(long nowMs) => Machine.Start(nowMs);

    public override void Tick(long nowMs) => Machine.Tick(nowMs);

    public override void OnDataPacketReceived(long nowMs) => Machine.OnDataPacketReceived(nowMs);

    public override void Disconnect(long nowMs) => Machine.Disconnect(nowMs);

    public override void Abort(long nowMs) => Machine.Abort(nowMs);

    public override void OnTransportClosed(long nowMs) => Machine.OnTransportClosed(nowMs);

    /// <summary>Authentication without a key (PAP/CHAP: a zero HLAK), whatever the variant.</summary>
    public override void Authenticated(int variant, long nowMs) => Machine.OnAuthenticated(new byte[32], nowMs);

    public ClientHarness InConnectRequestSent()
    {
        Machine.Start(0);
        return this;
    }

    public ClientHarness InConnectAckReceived()
    {
        InConnectRequestSent().Receive(Ack(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256), 0);
        return this;
    }

    public ClientHarness InCallConnected()
    {
        InConnectAckReceived().Machine.OnAuthenticated(Hex.Parse(SstpVectors.HlakSha256Example), 0);
        Assert.Equal(SstpClientState.Client_Call_Connected, State);
        return this;
    }

    public ClientHarness In(SstpClientState state)
    {
        switch (state)
        {
            case SstpClientState.Client_Connect_Request_Sent:
                InConnectRequestSent();
                break;
            case SstpClientState.Client_Connect_Ack_Received:
                InConnectAckReceived();
                break;
            case SstpClientState.Client_Call_Connected:
                InCallConnected();
                break;
            default:
                WalkIntoTeardown((SstpTeardownState)state);
                break;
        }

        Assert.Equal(state, State);
        ClearOutput();
        return this;
    }

    protected override void WalkToCallConnected() => InCallConnected();

    void ISstpClientOutput.SendControlPacket(ReadOnlySpan<byte> packet) => RecordSend(packet);

    void ISstpClientOutput.LowerLayerUp() => Events.Add("lower-layer-up");

    void ISstpClientOutput.DataFramesAllowed() => Events.Add("data-frames-allowed");

    void ISstpClientOutput.CloseConnection(SstpClientCloseReason reason) => Events.Add("close " + reason);
}
