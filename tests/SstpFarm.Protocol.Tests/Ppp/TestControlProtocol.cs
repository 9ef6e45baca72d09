using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>
/// The smallest concrete protocol: requests option 1 = 0x42; acks option 1, naks option 2,
/// rejects option 3; answers Echo-Request (9) as RXR.
/// </summary>
internal sealed class TestControlProtocol : PppAutomaton
{
    public static readonly byte[] OwnOptions = [0x01, 0x03, 0x42];

    public TestControlProtocol(IPppOutput output, PppAutomatonOptions? options = null)
        : base(0x8001, output, options, null)
    {
    }

    protected override int WriteRequestOptions(Span<byte> destination)
    {
        OwnOptions.CopyTo(destination);
        return OwnOptions.Length;
    }

    protected override OptionVerdict JudgeOption(in PppOption option, Span<byte> nakData, out int nakDataLength)
    {
        nakDataLength = 0;
        switch (option.Type)
        {
            case 1:
                return OptionVerdict.Ack;
            case 2:
                nakData[0] = 0x07;
                nakDataLength = 1;
                return OptionVerdict.Nak;
            default:
                return OptionVerdict.Reject;
        }
    }

    protected override ExtendedCodeResult ClassifyExtendedCode(in PppControlPacket packet) =>
        packet.Code == (byte)PppCode.EchoRequest ? ExtendedCodeResult.RXR : ExtendedCodeResult.Unknown;

    protected override void SendEchoReply(in PppControlPacket received) => SendPacket(PppCode.EchoReply, received.Identifier, received.Data);
}
