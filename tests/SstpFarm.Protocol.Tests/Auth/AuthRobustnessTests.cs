using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Auth.Chap;
using SstpFarm.Protocol.Auth.MsChapV2;
using SstpFarm.Protocol.Auth.Pap;

namespace SstpFarm.Protocol.Tests.Auth;

public sealed class AuthRobustnessTests
{
    private static readonly Gen<byte[]> Packets =
        from code in Gen.Choose(0, 8)
        from id in Gen.Choose(0, 3)
        from body in Gen.Choose(0, 80).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
        from lengthDelta in Gen.Choose(-2, 2)
        select (byte[])[(byte)code, (byte)id, 0, (byte)Math.Max(0, 4 + body.Length + lengthDelta), .. body];

    [Fact]
    public void StateMachinesSurviveRandomPackets()
    {
        Prop.ForAll(
                Arb.From(Gen.ListOf(Packets, 20)),
                packets =>
                {
                    var options = new PppAuthOptions();
                    var listener = new RecordingListener();
                    PppAuthExchange[] machines =
                    [
                        new PapAuthenticator(new RecordingOutput(), listener, options),
                        new ChapMd5Authenticator(new RecordingOutput(), listener, options, new ScriptedRandom()),
                        new MsChapV2Authenticator(new RecordingOutput(), listener, options, new ScriptedRandom()),
                        new PapClient(new RecordingOutput(), listener, options, "u", "p"),
                        new ChapMd5Client(new RecordingOutput(), listener, options, "u", "p"),
                        new MsChapV2Client(new RecordingOutput(), listener, options, new ScriptedRandom(), "u", "p"),
                    ];
                    long now = 0;
                    foreach (PppAuthExchange machine in machines)
                    {
                        machine.Start(now);
                        foreach (byte[] packet in packets)
                        {
                            machine.Receive(packet, now += 100);
                            machine.OnTimer(now);
                        }
                    }

                    // At most one outcome per machine, never an exception.
                    return listener.Results.Count <= machines.Length;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void OptionsRejectValuesThatCannotWork()
    {
        var options = new PppAuthOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.RestartIntervalMs = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxTransmits = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.AuthTimeoutMs = 10);
        Assert.Throws<ArgumentException>(() => options.ServerName = new string('x', 65));
        Assert.Contains("RestartIntervalMs=3000", options.ToString(), StringComparison.Ordinal);
    }
}
