using System.Buffers;
using System.Net;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Ipcp;
using SstpFarm.Protocol.Ppp.Ipv6cp;
using SstpFarm.Protocol.Ppp.Lcp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

/// <summary>
/// Random and mutated packets into every control protocol in several states: nothing throws, and
/// everything sent is a well-formed packet that fits the peer's MRU.
/// </summary>
public sealed class PppControlProtocolFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        Hex.Parse("01 01 00 18 01 04 05 78 02 06 00 00 00 00 05 06 37 67 24 C2 07 02 08 02"),
        Hex.Parse("01 00 00 15 01 04 0F FB 05 06 5A 6B 7C 8D 07 02 08 02 0D 03 06"),
        Hex.Parse("03 01 00 08 03 04 C2 27"),
        Hex.Parse("04 01 00 0A 05 06 11 22 33 44"),
        Hex.Parse("02 01 00 0A 03 06 AC 17 18 0E"),
        Hex.Parse("01 05 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"),
        Hex.Parse("01 04 00 0E 01 0A 00 00 00 00 00 00 00 00"),
        Hex.Parse("08 01 00 0A 80 57 01 01 00 04"),
        Hex.Parse("09 05 00 0C 00 00 00 00 AA BB CC DD"),
        Hex.Parse("07 05 00 08 01 01 00 04"),
        Hex.Parse("05 33 00 04"),
        Hex.Parse("06 33 00 04"),
    ];

    private static Gen<byte[]> Mutated() =>
        from seed in Gen.Elements(Seeds)
        from flips in Gen.ListOf(Gen.Zip(Gen.Choose(0, 63), ArbMap.Default.GeneratorFor<byte>()))
        from cut in Gen.Choose(0, 64)
        select Mutate(seed, flips, cut);

    private static byte[] Mutate(byte[] seed, IEnumerable<(int Position, byte Value)> flips, int cut)
    {
        byte[] packet = (byte[])seed.Clone();
        foreach ((int position, byte value) in flips)
        {
            if (position < packet.Length)
            {
                packet[position] = value;
            }
        }

        return packet[..Math.Min(packet.Length, cut)];
    }

    private static Gen<byte[]> Packets() => Gen.OneOf(Mutated(), ArbMap.Default.GeneratorFor<byte[]>());

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string protocol in (string[])["lcp-server", "lcp-client", "ipcp-server", "ipcp-client", "ipv6cp"])
        {
            for (int steps = 0; steps < 4; steps++)
            {
                data.Add(protocol, steps);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NeverThrowsAndSendsOnlyWellFormedPackets(string protocol, int warmUp)
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Packets())), packets =>
        {
            var output = new RecordingOutput();
            PppAutomaton fsm = Create(protocol, output);
            fsm.PeerMru = 200;
            if (warmUp > 0)
            {
                fsm.Up(0);
                fsm.Open(0);
            }

            if (warmUp > 1)
            {
                fsm.Receive(Seeds[warmUp == 2 ? 0 : 6], 0);
            }

            long now = 0;
            foreach (byte[] packet in packets)
            {
                fsm.Receive(packet, now);
                if (warmUp == 3)
                {
                    now += 1_000;
                    fsm.Tick(now);
                }
            }

            return Enum.IsDefined(fsm.State) && output.Sent.All(p => WellFormed(p.Packet, fsm.PeerMru));
        }).QuickCheckThrowOnFailure();
    }

    private static bool WellFormed(byte[] packet, int mru) =>
        packet.Length <= mru
        && PppControlPacket.TryParse(packet, out PppControlPacket parsed) == OperationStatus.Done
        && parsed.Length == packet.Length;

    private static PppAutomaton Create(string protocol, IPppOutput output) => protocol switch
    {
        "lcp-server" => new LcpProtocol(output, SequenceRandom.Counting(1), new LcpOptions { Mru = 1400, AuthMethods = [LcpAuthMethod.MsChapV2, LcpAuthMethod.Eap], EchoIntervalMs = 2_000 }),
        "lcp-client" => new LcpProtocol(output, SequenceRandom.Counting(1), new LcpOptions { Role = PppRole.Client, AuthMethods = [LcpAuthMethod.Pap] }),
        "ipcp-server" => new IpcpProtocol(output, new IpcpOptions { LocalAddress = IPAddress.Parse("10.0.0.1"), PeerAddress = IPAddress.Parse("10.0.0.2"), PrimaryDns = IPAddress.Parse("10.0.0.53") }),
        "ipcp-client" => new IpcpProtocol(output, new IpcpOptions { Role = PppRole.Client, RequestDns = true }),
        _ => new Ipv6cpProtocol(output, SequenceRandom.Counting(1)),
    };
}
