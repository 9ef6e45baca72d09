using FsCheck;
using FsCheck.Fluent;
using SstpFarm.Api.Grpc;

namespace SstpFarm.Api.Tests.Transport;

public sealed class GrpcStatusMessageTests
{
    [Theory]
    [InlineData("no such session", "no such session")]
    [InlineData("100% sure", "100%25 sure")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("caf\u00e9", "caf%C3%A9")]
    [InlineData("\u26a0 warn", "%E2%9A%A0 warn")]
    [InlineData("~ and space", "~ and space")]
    public void Encodes_as_the_spec_says(string message, string encoded)
    {
        Assert.Equal(encoded, GrpcStatusMessage.Encode(message));
        Assert.Equal(message, GrpcStatusMessage.Decode(encoded));
    }

    [Theory]
    [InlineData("50%", "50%")]
    [InlineData("%zz", "%zz")]
    [InlineData("%4", "%4")]
    public void Decoding_keeps_invalid_sequences(string encoded, string decoded) => Assert.Equal(decoded, GrpcStatusMessage.Decode(encoded));

    [Fact]
    public void Round_trips_and_emits_only_printable_ascii()
    {
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && !s.Any(char.IsSurrogate))), message =>
        {
            string encoded = GrpcStatusMessage.Encode(message);
            return encoded.All(c => c is >= ' ' and <= '~') && GrpcStatusMessage.Decode(encoded) == message;
        }).QuickCheckThrowOnFailure();
    }
}
