using SstpFarm.ControlPlane.Redis.Connection;

namespace SstpFarm.ControlPlane.Redis.Tests;

public sealed class RedisConnectionOptionsTests
{
    [Fact]
    public void PlainEndpointsWithAndWithoutPorts()
    {
        Assert.True(RedisConnectionOptions.TryCreate("10.0.0.5:6380, redis.example:7000,[::1]:6390,cache", null, null, out RedisConnectionOptions? options, out string error), error);
        Assert.Equal(["10.0.0.5:6380", "redis.example:7000", "::1:6390", "cache:6379"], options!.EndPoints.Select(e => $"{e.Host}:{e.Port}"));
        Assert.False(options.UsesSentinel);
        Assert.Equal(0, options.TransferReplicas);
    }

    [Fact]
    public void SentinelNeedsAServiceAndWaitsForOneReplica()
    {
        Assert.True(RedisConnectionOptions.TryCreate(null, "s1,s2:26380", "farm", out RedisConnectionOptions? options, out string error), error);
        Assert.Equal(["s1:26379", "s2:26380"], options!.SentinelEndPoints.Select(e => $"{e.Host}:{e.Port}"));
        Assert.Equal("farm", options.ServiceName);
        Assert.Equal(1, options.TransferReplicas);
    }

    [Theory]
    [InlineData("h:6379", "s:26379", null, "exclude")]
    [InlineData(null, null, null, "give --redis")]
    [InlineData(null, "s:26379", null, "--redis-service")]
    [InlineData("h:6379", null, "farm", "only with --redis-sentinel")]
    [InlineData("h:99999", null, null, "port")]
    [InlineData("h:abc", null, null, "port")]
    [InlineData(" , ", null, null, "no endpoint")]
    [InlineData("bad host:1", null, null, "host:port")]
    public void MistakesAreNamed(string? redis, string? sentinels, string? service, string expected)
    {
        Assert.False(RedisConnectionOptions.TryCreate(redis, sentinels, service, out RedisConnectionOptions? options, out string error));
        Assert.Null(options);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
