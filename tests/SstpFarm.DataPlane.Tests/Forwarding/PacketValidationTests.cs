using System.Net;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.DataPlane.Forwarding;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.Protocol.Net;

namespace SstpFarm.DataPlane.Tests.Forwarding;

/// <summary>What the forwarder accepts and rejects, by reason, in both directions.</summary>
public sealed class PacketValidationTests
{
    private static readonly IPAddress Client = IPAddress.Parse("10.79.0.2");

    public static TheoryData<string, byte[], DropReason> Cases() => new()
    {
        { "empty", [], DropReason.Malformed },
        { "short IPv4", [0x45, 0, 0, 10], DropReason.Malformed },
        { "IHL below 5", WithByte(ValidV4(), 0, 0x44), DropReason.Malformed },
        { "total length beyond the data", WithByte(ValidV4(), 2, 0x10), DropReason.Malformed },
        { "short IPv6", [0x60, 0, 0, 0, 0, 0], DropReason.Malformed },
        { "IPv6 payload beyond the data", WithByte(TestPackets.UdpV6(IPAddress.Parse("fd00:79::2"), IPAddress.Parse("fd00:79::1"), 4), 4, 0x10), DropReason.Malformed },
        { "version 5", WithByte(ValidV4(), 0, 0x55), DropReason.UnsupportedVersion },
        { "version 0", new byte[40], DropReason.UnsupportedVersion },
        { "larger than a buffer", TestPackets.UdpV4(Client, Client, 1, 2, TunPacket.MaxPacketLength), DropReason.TooBig },
        { "valid IPv4", ValidV4(), DropReason.None },
        { "valid IPv6", TestPackets.UdpV6(IPAddress.Parse("fd00:79::2"), IPAddress.Parse("fd00:79::1"), 4), DropReason.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HeadersAreCheckedBeforeRouting(string name, byte[] packet, DropReason expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, TunForwarder.Verdict(packet.Length, IpPacket.Validate(packet, out _, out _)));
    }

    [Fact]
    public void BadSessionPacketsAreDroppedAndCountedByReason()
    {
        using var rig = new ForwardingRig(start: false);
        var alice = new RecordingEndpoint();
        rig.Table.TryAdd(Client, alice);

        Assert.Equal(DropReason.Malformed, rig.Forwarder.WriteToTun(alice, [0x45, 0, 0]));
        Assert.Equal(DropReason.UnsupportedVersion, rig.Forwarder.WriteToTun(alice, WithByte(ValidV4(), 0, 0x75)));
        Assert.Equal(DropReason.TooBig, rig.Forwarder.WriteToTun(alice, TestPackets.UdpV4(Client, ForwardingRig.NodeV4, 1, 9, TunPacket.MaxPacketLength)));

        Assert.Equal(1, rig.Counters.Dropped(DropReason.Malformed));
        Assert.Equal(1, rig.Counters.Dropped(DropReason.UnsupportedVersion));
        Assert.Equal(1, rig.Counters.Dropped(DropReason.TooBig));
        Assert.Equal(0, rig.Counters.ForwardedToTun);
    }

    [Fact]
    public void RandomAndMutatedBytesFromTheTunSideOnlyEverGetADocumentedVerdict()
    {
        using var rig = new ForwardingRig(start: false);
        var alice = new RecordingEndpoint();
        rig.Table.TryAdd(Client, alice);
        DropReason[] allowed = [DropReason.None, DropReason.NoRoute, DropReason.Malformed, DropReason.UnsupportedVersion, DropReason.TooBig, DropReason.QueueFull];

        Prop.ForAll(Arb.From(PacketLikeBytes()), bytes =>
        {
            byte[] buffer = new byte[TunPacket.BufferSize];
            int length = Math.Min(bytes.Length, TunPacket.MaxPacketLength);
            bytes.AsSpan(0, length).CopyTo(buffer.AsSpan(TunPacket.Headroom));
            return allowed.Contains(rig.Forwarder.Dispatch(buffer, length));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomAndMutatedBytesFromASessionAreCountedExactlyOnce()
    {
        using var rig = new ForwardingRig(start: false);
        var alice = new RecordingEndpoint();
        rig.Table.TryAdd(Client, alice);

        Prop.ForAll(Arb.From(PacketLikeBytes()), bytes =>
        {
            long before = Total(rig.Counters);
            DropReason verdict = rig.Forwarder.WriteToTun(alice, bytes);
            return Enum.IsDefined(verdict) && Total(rig.Counters) == before + 1;
        }).QuickCheckThrowOnFailure();
    }

    private static long Total(ForwardingCounters counters) =>
        counters.ForwardedToTun + Enum.GetValues<DropReason>().Sum(counters.Dropped);

    /// <summary>Half arbitrary bytes, half a valid packet with a few bytes changed and a random cut.</summary>
    private static Gen<byte[]> PacketLikeBytes()
    {
        Gen<byte[]> arbitrary = Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i));
        Gen<byte[]> mutated =
            from valid in Gen.Elements(ValidV4(), TestPackets.UdpV6(IPAddress.Parse("fd00:79::2"), IPAddress.Parse("fd00:79::1"), 20))
            from cut in Gen.Choose(0, valid.Length)
            from flips in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, valid.Length - 1), Gen.Choose(0, 255)))
            select Mutate(valid, cut, flips);
        return Gen.OneOf(arbitrary, mutated);
    }

    private static byte[] Mutate(byte[] valid, int cut, (int Index, int Value)[] flips)
    {
        byte[] copy = valid.AsSpan(0, cut).ToArray();
        foreach ((int index, int value) in flips)
        {
            if (index < copy.Length)
            {
                copy[index] = (byte)value;
            }
        }

        return copy;
    }

    private static byte[] ValidV4() => TestPackets.UdpV4(Client, ForwardingRig.NodeV4, 1000, 2000, 16);

    private static byte[] WithByte(byte[] packet, int index, byte value)
    {
        packet[index] = value;
        return packet;
    }
}
