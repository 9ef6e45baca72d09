using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Api.Grpc;

namespace SstpFarm.Api.Tests.Transport;

public sealed class GrpcFrameTests
{
    private const int Max = 4 * 1024 * 1024;

    [Fact]
    public void Reads_a_message_and_stops_after_it()
    {
        // Flag 0, length 3, "abc", then the first byte of the next frame.
        byte[] wire = [0x00, 0x00, 0x00, 0x00, 0x03, (byte)'a', (byte)'b', (byte)'c', 0x00];
        var input = new ReadOnlySequence<byte>(wire);

        Assert.Equal(OperationStatus.Done, GrpcFrame.TryRead(input, Max, out var message, out var consumed, out var error));
        Assert.Equal("abc"u8.ToArray(), message.ToArray());
        Assert.Equal(8, input.Slice(0, consumed).Length);
        Assert.Equal(GrpcFrameError.None, error);
    }

    [Fact]
    public void An_empty_message_is_complete_with_the_header_alone()
    {
        Assert.Equal(OperationStatus.Done, GrpcFrame.TryRead(new ReadOnlySequence<byte>(new byte[5]), Max, out var message, out _, out _));
        Assert.True(message.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x02, 0x41 })]
    public void Waits_for_the_header_and_the_body(byte[] wire)
    {
        Assert.Equal(OperationStatus.NeedMoreData, GrpcFrame.TryRead(new ReadOnlySequence<byte>(wire), Max, out _, out _, out var error));
        Assert.Equal(GrpcFrameError.None, error);
    }

    [Fact]
    public void A_declared_length_over_the_limit_is_refused_before_the_body_arrives()
    {
        // 4 MiB + 1 declared, only the header present.
        byte[] wire = [0x00, 0x00, 0x40, 0x00, 0x01];
        Assert.Equal(OperationStatus.InvalidData, GrpcFrame.TryRead(new ReadOnlySequence<byte>(wire), Max, out _, out _, out var error));
        Assert.Equal(GrpcFrameError.TooLarge, error);
    }

    [Fact]
    public void The_limit_itself_is_allowed()
    {
        byte[] wire = [0x00, 0x00, 0x40, 0x00, 0x00];
        Assert.Equal(OperationStatus.NeedMoreData, GrpcFrame.TryRead(new ReadOnlySequence<byte>(wire), Max, out _, out _, out _));
    }

    [Fact]
    public void A_compressed_message_is_refused_as_unsupported()
    {
        byte[] wire = [0x01, 0x00, 0x00, 0x00, 0x01, 0x00];
        Assert.Equal(OperationStatus.InvalidData, GrpcFrame.TryRead(new ReadOnlySequence<byte>(wire), Max, out _, out _, out var error));
        Assert.Equal(GrpcFrameError.Compressed, error);
    }

    [Fact]
    public void A_flag_other_than_0_or_1_is_invalid()
    {
        byte[] wire = [0x02, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal(OperationStatus.InvalidData, GrpcFrame.TryRead(new ReadOnlySequence<byte>(wire), Max, out _, out _, out var error));
        Assert.Equal(GrpcFrameError.InvalidFlag, error);
    }

    [Fact]
    public void Reads_across_segment_boundaries()
    {
        byte[] wire = [0x00, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4];
        ReadOnlySequence<byte> split = Segments.Split(wire, 2, 6);
        Assert.Equal(OperationStatus.Done, GrpcFrame.TryRead(split, Max, out var message, out _, out _));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, message.ToArray());
    }

    [Fact]
    public void Written_frames_read_back_whole_whatever_the_split()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())), Arb.From(Gen.Choose(0, 100)), (payload, cut) =>
        {
            byte[] wire = new byte[GrpcFrame.HeaderLength + payload.Length];
            GrpcFrame.WriteHeader(wire, payload.Length);
            payload.CopyTo(wire, GrpcFrame.HeaderLength);
            ReadOnlySequence<byte> input = Segments.Split(wire, Math.Min(cut, wire.Length));
            return GrpcFrame.TryRead(input, Max, out var message, out var consumed, out _) == OperationStatus.Done
                && message.ToArray().AsSpan().SequenceEqual(payload)
                && input.Slice(0, consumed).Length == wire.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_and_mutated_input_gives_only_documented_outcomes()
    {
        Gen<byte[]> random = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>());
        Gen<byte[]> mutated =
            from payload in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())
            from position in Gen.Choose(0, 1000)
            from value in ArbMap.Default.GeneratorFor<byte>()
            select Mutate(payload, position, value);
        Prop.ForAll(Arb.From(Gen.OneOf(random, mutated)), Arb.From(Gen.Choose(0, 64)), (wire, max) =>
        {
            OperationStatus status = GrpcFrame.TryRead(new ReadOnlySequence<byte>(wire), max, out var message, out _, out var error);
            return status switch
            {
                OperationStatus.Done => error == GrpcFrameError.None && message.Length <= max && wire[0] == 0,
                OperationStatus.NeedMoreData => error == GrpcFrameError.None,
                OperationStatus.InvalidData => error != GrpcFrameError.None,
                _ => false,
            };
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Mutate(byte[] payload, int position, byte value)
    {
        byte[] wire = new byte[GrpcFrame.HeaderLength + payload.Length];
        GrpcFrame.WriteHeader(wire, payload.Length);
        payload.CopyTo(wire, GrpcFrame.HeaderLength);
        wire[position % wire.Length] = value;
        return wire;
    }
}
