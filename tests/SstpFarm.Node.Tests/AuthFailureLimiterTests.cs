using System.Net;
using SstpFarm.DataPlane.Auth;

namespace SstpFarm.Node.Tests;

public sealed class AuthFailureLimiterTests
{
    private static readonly IPAddress Source = IPAddress.Parse("203.0.113.9");
    private static readonly IPAddress Other = IPAddress.Parse("203.0.113.10");

    private static AuthFailureLimiter Create() => new(new AuthFailureLimiterOptions
    {
        FreeFailures = 3,
        FirstBlock = TimeSpan.FromSeconds(5),
        MaxBlock = TimeSpan.FromSeconds(40),
        ForgetAfter = TimeSpan.FromMinutes(10),
    });

    [Fact]
    public void FreeFailuresDoNotBlockThenTheBlockDoublesUpToTheCap()
    {
        AuthFailureLimiter limiter = Create();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("alice", Source, 1000));
            limiter.RecordFailure("alice", Source, 1000);
        }

        Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("alice", Source, 1000));
        limiter.RecordFailure("alice", Source, 1000);
        Assert.Equal(TimeSpan.FromSeconds(5), limiter.CheckAllowed("alice", Source, 1000));
        Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("alice", Source, 6000));

        limiter.RecordFailure("alice", Source, 6000);
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.CheckAllowed("alice", Source, 6000));
        limiter.RecordFailure("alice", Source, 6000);
        limiter.RecordFailure("alice", Source, 6000);
        limiter.RecordFailure("alice", Source, 6000);
        Assert.Equal(TimeSpan.FromSeconds(40), limiter.CheckAllowed("alice", Source, 6000));
        Assert.Equal(8, limiter.Failures);
        Assert.Equal(3, limiter.Refusals);
    }

    [Fact]
    public void UserAndAddressAreLimitedSeparately()
    {
        AuthFailureLimiter limiter = Create();
        for (int i = 0; i < 4; i++)
        {
            limiter.RecordFailure("user" + i, Source, 0);
        }

        // The address tried four names: blocked for every name; the names themselves are not.
        Assert.NotEqual(TimeSpan.Zero, limiter.CheckAllowed("someone", Source, 0));
        Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("user0", Other, 0));
    }

    [Fact]
    public void SuccessClearsTheUserButNotTheAddress()
    {
        AuthFailureLimiter limiter = Create();
        for (int i = 0; i < 4; i++)
        {
            limiter.RecordFailure("bob", Source, 0);
        }

        limiter.RecordSuccess("bob");
        Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("bob", Other, 0));
        Assert.NotEqual(TimeSpan.Zero, limiter.CheckAllowed("bob", Source, 0));
    }

    [Fact]
    public void FailuresAreForgottenAfterQuietTime()
    {
        AuthFailureLimiter limiter = Create();
        for (int i = 0; i < 4; i++)
        {
            limiter.RecordFailure("carol", Source, 0);
        }

        long later = (long)TimeSpan.FromMinutes(11).TotalMilliseconds;
        Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("carol", Source, later));
        limiter.RecordFailure("carol", Source, later);
        Assert.Equal(TimeSpan.Zero, limiter.CheckAllowed("carol", Source, later));
    }

    [Fact]
    public void MappedIpv4AddressesCountAsTheirIpv4Address()
    {
        AuthFailureLimiter limiter = Create();
        for (int i = 0; i < 4; i++)
        {
            limiter.RecordFailure("u" + i, Source.MapToIPv6(), 0);
        }

        Assert.NotEqual(TimeSpan.Zero, limiter.CheckAllowed("x", Source, 0));
    }

    [Fact]
    public void MemoryIsBounded()
    {
        var limiter = new AuthFailureLimiter(new AuthFailureLimiterOptions { MaxTrackedKeys = 100 });
        for (int i = 0; i < 1000; i++)
        {
            limiter.RecordFailure("user" + i, null, i);
        }

        Assert.InRange(limiter.TrackedKeys, 1, 101);
    }
}
