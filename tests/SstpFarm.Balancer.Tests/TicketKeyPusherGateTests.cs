using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.ControlPlane.InMemory;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

/// <summary>A closed gate (another node holds the farm's push lease): the pusher neither reads nor writes HAProxy.</summary>
public sealed class TicketKeyPusherGateTests
{
    [Fact]
    public async Task A_closed_gate_sends_nothing_and_an_open_one_lets_the_round_run()
    {
        using var dir = new TempDirectory();
        var gate = new SwitchGate();
        var logger = new ListLogger<TicketKeyPusher>();
        HaproxyTicketKeyTarget[] targets = [new(HaproxyRuntimeEndpoint.Unix(dir.File("absent.sock")), "#0")];
        await using var pusher = new TicketKeyPusher(new InMemoryTicketKeyRing(TimeProvider.System, TimeSpan.FromHours(1)), targets, new TicketKeyPusherOptions(), TimeProvider.System, logger, gate);

        TicketKeyPushResult standby = Assert.Single(await pusher.PushNowAsync());
        Assert.Equal((TicketKeyPushOutcome.Standby, 0, -1L), (standby.Outcome, standby.KeysPushed, standby.RingVersion));
        Assert.True(logger.Has("TicketKeyPusherStandby"));
        Assert.False(logger.Has("TicketKeysPushFailed")); // the absent HAProxy was not even tried

        gate.Open = true;
        TicketKeyPushResult active = Assert.Single(await pusher.PushNowAsync());
        Assert.Equal(TicketKeyPushOutcome.Failed, active.Outcome); // tried now: nobody listens there
        Assert.True(logger.Has("TicketKeyPusherActive"));
        Assert.True(logger.Has("TicketKeysPushFailed"));

        gate.Open = false;
        Assert.Equal(TicketKeyPushOutcome.Standby, Assert.Single(await pusher.PushNowAsync()).Outcome);
        Assert.Equal(2, logger.Entries.Count(e => e.EventName == "TicketKeyPusherStandby"));
    }

    private sealed class SwitchGate : ITicketKeyPushGate
    {
        public bool Open { get; set; }

        public ValueTask<bool> MayPushAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Open);
    }
}
