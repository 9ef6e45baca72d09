using SstpFarm.Api.Grpc;
using SstpFarm.Ctl.Grpc;

namespace SstpFarm.Ctl.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public void Every_status_has_a_documented_exit_code()
    {
        foreach (GrpcStatusCode status in Enum.GetValues<GrpcStatusCode>())
        {
            int code = ExitCodes.For(status);
            Assert.Contains($"  {code} ", ExitCodes.Help, StringComparison.Ordinal);
        }

        Assert.Equal(ExitCodes.NotFound, ExitCodes.For(GrpcStatusCode.NotFound));
        Assert.Equal(ExitCodes.Denied, ExitCodes.For(GrpcStatusCode.PermissionDenied));
        Assert.Equal(ExitCodes.Unavailable, ExitCodes.For(GrpcStatusCode.DeadlineExceeded));
        Assert.Equal(ExitCodes.Error, ExitCodes.For((GrpcStatusCode)99));
    }

    [Theory]
    [InlineData("DeadlineExceeded", "DEADLINE_EXCEEDED")]
    [InlineData("OK", "OK")]
    [InlineData("Unauthenticated", "UNAUTHENTICATED")]
    public void Status_names_follow_the_spec_spelling(string pascal, string expected) => Assert.Equal(expected, GrpcStatusNames.UpperSnake(pascal));

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("3", 3_000)]
    public void Durations_parse(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("1e9h")]
    public void Bad_durations_are_refused(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void Method_paths_come_from_the_proto_descriptors()
    {
        Assert.Equal("/sstpfarm.v1.SessionService/WatchSessions", ApiMethods.WatchSessions.Path);
        Assert.Equal("/grpc.health.v1.Health/Check", ApiMethods.HealthCheck.Path);
        Assert.Throws<ArgumentException>(() => GrpcMethod<Api.V1.GetNodeRequest, Api.V1.Session>.Of(Api.V1.NodesReflection.Descriptor.Services[0], "GetNode", Api.V1.GetNodeRequest.Parser, Api.V1.Session.Parser));
    }
}
