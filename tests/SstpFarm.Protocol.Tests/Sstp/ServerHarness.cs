using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Sstp;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Sstp.Server;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>
/// Drives an <see cref="SstpServerStateMachine"/> with the [MS-SSTP §4.7] SHA-256 example: the random
/// source yields the spec nonce, so the published Call Connected verifies with the published HLAK.
/// </summary>
internal sealed class ServerHarness : SstpHarness, ISstpServerOutput
{
    public static readonly byte[] Nonce = Hex.Parse(SstpVectors.NonceSha256);
    public static readonly byte[] Hlak = Hex.Parse(SstpVectors.HlakSha256Example);
    public static readonly byte[] CallConnected = Hex.Parse(SstpVectors.CallConnectedSha256);
    public static readonly byte[] BadCallConnectRequest = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 02");
    public static readonly byte[] CallAbort = Hex.Parse("10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 02 00 00 00 07");

    public ServerHarness(SstpServerOptions? options = null, ServerCertificateHashes? hashes = null)
    {
        Machine = new SstpServerStateMachine(
            options ?? new SstpServerOptions(),
            hashes ?? new ServerCertificateHashes(Hex.Parse(SstpVectors.CertHashSha1), Hex.Parse(SstpVectors.CertHashSha256)),
            new FixedRandom(Nonce),
            this);
    }

    public SstpServerStateMachine Machine { get; }

    public SstpServerState State => Machine.State;

    public override bool IsClosed => Machine.IsClosed;

    public override long NextDeadlineMs => Machine.NextDeadlineMs;

    public override bool AllowsPppDataFrames => Machine.AllowsPppDataFrames;

    public override bool IsCallDisconnected => State == SstpServerState.Server_Call_Disconnected;

    public override bool IsCallConnected => State == SstpServerState.Server_Call_Connected;

    public override bool HasCloseReason => Machine.CloseReason != SstpCloseReason.None;

    protected override byte[] PeerCallAbort => CallAbort;

    public override void Receive(byte[] packet, long nowMs) => Machine.OnControlPacket(packet, nowMs);

    public override void Start(long nowMs) => Machine.Start(nowMs);

    public override void Tick(long nowMs) => Machine.Tick(nowMs);

    public override void OnDataPacketReceived(long nowMs) => Machine.OnDataPacketReceived(nowMs);

    public override void Disconnect(long nowMs) => Machine.Disconnect(nowMs);

    public override void Abort(long nowMs) => Machine.Abort(nowMs);

    public override void OnTransportClosed(long nowMs) => Machine.OnTransportClosed(nowMs);

    /// <summary>The spec HLAK for even <paramref name="variant"/>s, a wrong (zero) one for odd.</summary>
    public override void Authenticated(int variant, long nowMs) =>
        Machine.SetHigherLayerAuthenticationKey(variant % 2 == 0 ? Hlak : new byte[32], nowMs);

    // Walk-ins to each state, all at t = 0.
    public ServerHarness InConnectRequestPending()
    {
        Machine.Start(0);
        return this;
    }

    public ServerHarness InCallConnectedPending()
    {
        InConnectRequestPending().Receive(CallConnectRequest, 0);
        return this;
    }

    public ServerHarness InCallConnected()
    {
        InCallConnectedPending().Machine.SetHigherLayerAuthenticationKey(Hlak, 0);
        Receive(CallConnected, 0);
        Assert.Equal(SstpServerState.Server_Call_Connected, State);
        return this;
    }

    public ServerHarness In(SstpServerState state)
    {
        switch (state)
        {
            case SstpServerState.Server_Connect_Request_Pending:
                InConnectRequestPending();
                break;
            case SstpServerState.Server_Call_Connected_Pending:
                InCallConnectedPending();
                break;
            case SstpServerState.Server_Call_Connected:
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

    void ISstpServerOutput.SendControlPacket(ReadOnlySpan<byte> packet) => RecordSend(packet);

    void ISstpServerOutput.LowerLayerUp() => Events.Add("lower-layer-up");

    void ISstpServerOutput.DataFramesAllowed() => Events.Add("data-frames-allowed");

    void ISstpServerOutput.CloseConnection(SstpCloseReason reason) => Events.Add("close " + reason);

    private sealed class FixedRandom(byte[] bytes) : IRandomSource
    {
        public void Fill(Span<byte> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = bytes[i % bytes.Length];
            }
        }
    }
}
