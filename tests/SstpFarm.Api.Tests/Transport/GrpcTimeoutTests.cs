using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Api.Grpc;

namespace SstpFarm.Api.Tests.Transport;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 3600_000_000_0L)]
    [InlineData("2M", 1200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("1500u", 15_000L)]
    [InlineData("1000000n", 10_000L)]
    [InlineData("99999999m", 999_999_990_000L)]
    [InlineData("0m", 0L)]
    public void Parses_every_unit(string text, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(text, out TimeSpan timeout));
        Assert.Equal(TimeSpan.FromTicks(ticks), timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    [InlineData("1.5S")]
    [InlineData("123456789S")]
    [InlineData("１S")]
    public void Refuses_malformed_values(string text) => Assert.False(GrpcTimeout.TryParse(text, out _));

    [Fact]
    public void Format_reads_back_to_at_least_the_timeout_within_one_unit()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue).Select(v => TimeSpan.FromTicks((long)v * 1000))), timeout =>
        {
            string text = GrpcTimeout.Format(timeout);
            return GrpcTimeout.TryParse(text, out TimeSpan back) && back >= timeout && back - timeout < TimeSpan.FromTicks(Math.Max(1, timeout.Ticks / 10_000_000) * 1000 + TimeSpan.TicksPerMillisecond);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_text_never_throws()
    {
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>()), text =>
        {
            bool ok = GrpcTimeout.TryParse(text ?? string.Empty, out TimeSpan timeout);
            return !ok || timeout >= TimeSpan.Zero;
        }).QuickCheckThrowOnFailure();
    }
}
