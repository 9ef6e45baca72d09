using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Protocol.Net;

namespace SstpFarm.Protocol.Tests.Net;

public sealed class TcpMssClampPropertyTests
{
    private static readonly Gen<byte> Bytes = Gen.Choose(0, 255).Select(b => (byte)b);

    // Options other than MSS: NOP, SACK-permitted, window scale, timestamps, an unknown kind with a random length.
    private static readonly Gen<byte[]> OtherOption = Gen.OneOf(
        Gen.Constant(new byte[] { 1 }),
        Gen.Constant(new byte[] { 4, 2 }),
        Bytes.Select(s => new byte[] { 3, 3, s }),
        Bytes.ArrayOf(8).Select(ts => (byte[])[8, 10, .. ts]),
        Gen.Choose(0, 6).SelectMany(n => Bytes.ArrayOf(n).Select(v => (byte[])[30, (byte)(n + 2), .. v])));

    private static readonly Gen<(byte[] Packet, int Mss, ushort Max)> Syns =
        from v6 in Gen.Elements(false, true)
        from before in OtherOption.ArrayOf().Select(a => a.Take(3).SelectMany(o => o).ToArray())
        from mss in Gen.Choose(0, 65535)
        from after in OtherOption.ArrayOf().Select(a => a.Take(2).SelectMany(o => o).ToArray())
        from ack in Gen.Elements<byte>(0x02, 0x12, 0x1A)
        from payload in Bytes.ArrayOf().Select(p => p.Take(60).ToArray())
        from ipOptions in Gen.Choose(0, 10).SelectMany(n => Bytes.ArrayOf(n * 4))
        from max in Gen.Choose(0, 65535).Select(m => (ushort)m)
        let options = Pad([.. before, 2, 4, (byte)(mss >> 8), (byte)mss, .. after])
        where options.Length <= 40
        select (PacketBuilder.Tcp(v6, ack, options, payload, ipOptions), mss, max);

    private static byte[] Pad(byte[] options) =>
        [.. options, .. new byte[(4 - (options.Length % 4)) % 4]];

    [Fact]
    public void ClampedSynsStillVerifyAndCarryTheLowerMss()
    {
        Prop.ForAll(Arb.From(Syns), t =>
        {
            (byte[] packet, int mss, ushort max) = t;
            byte[] before = (byte[])packet.Clone();
            MssClampResult result = TcpMssClamp.Clamp(packet, max, max);

            int changed = Enumerable.Range(0, packet.Length).Count(i => packet[i] != before[i]);
            return PacketBuilder.TcpChecksumVerifies(packet)
                && PacketBuilder.ReadMss(packet) == Math.Min(mss, max)
                && result == (mss > max ? MssClampResult.Clamped : MssClampResult.Unchanged)
                && changed <= 4;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomBytesNeverThrowOrWriteOutsideThePacket()
    {
        // Half the inputs get a plausible IPv4/IPv6 TCP SYN header so that the option walk is reached.
        Gen<byte[]> inputs = Gen.OneOf(
            Gen.Choose(0, 120).SelectMany(n => Bytes.ArrayOf(n)),
            Syns.Select(s => s.Packet).SelectMany(p => Gen.Choose(0, p.Length - 1).Zip(Bytes).Select(m =>
            {
                byte[] copy = (byte[])p.Clone();
                copy[m.Item1] = m.Item2;
                return copy;
            })));

        Prop.ForAll(Arb.From(inputs.Zip(Gen.Choose(0, 65535))), t =>
        {
            (byte[] input, int max) = t;
            var buffer = new byte[input.Length + 32];
            Array.Fill(buffer, (byte)0xA5);
            input.CopyTo(buffer, 16);
            MssClampResult result = TcpMssClamp.Clamp(buffer.AsSpan(16, input.Length), (ushort)max, (ushort)max);

            bool guardsIntact = buffer.AsSpan(0, 16).IndexOfAnyExcept((byte)0xA5) < 0
                && buffer.AsSpan(16 + input.Length).IndexOfAnyExcept((byte)0xA5) < 0;
            int changed = Enumerable.Range(0, input.Length).Count(i => buffer[16 + i] != input[i]);
            return guardsIntact && (result == MssClampResult.Clamped ? changed is > 0 and <= 4 : changed == 0);
        }).QuickCheckThrowOnFailure();
    }
}
