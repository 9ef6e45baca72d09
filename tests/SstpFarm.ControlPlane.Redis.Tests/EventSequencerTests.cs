using System.Collections.Concurrent;
using SstpFarm.ControlPlane.Redis.Sessions;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>The reordering of session events (pub/sub handlers run concurrently).</summary>
public sealed class EventSequencerTests
{
    private readonly ConcurrentQueue<long> _delivered = new();

    [Fact]
    public void PutsOvertakingMessagesBackInOrder()
    {
        using var sequencer = Create(TimeSpan.FromHours(1));
        foreach (long seq in new long[] { 7, 9, 10, 8, 11 })
        {
            sequencer.Accept(seq, seq);
        }

        Assert.Equal([7, 8, 9, 10, 11], _delivered);
    }

    [Fact]
    public void AKnownStartMakesTheFirstArrivalWaitForAnEarlierMessage()
    {
        using var sequencer = Create(TimeSpan.FromHours(1));
        sequencer.Restart(next: 1); // the counter read 0 before subscribing
        sequencer.Accept(2, 2);
        Assert.Empty(_delivered);
        sequencer.Accept(1, 1);
        Assert.Equal([1, 2], _delivered);
        Assert.Equal(0, sequencer.Late);
    }

    [Fact]
    public async Task SkipsALostMessageAfterTheGapTimeoutAndDropsItIfItComesLater()
    {
        using var sequencer = Create(TimeSpan.FromMilliseconds(50));
        sequencer.Accept(1, 1);
        sequencer.Accept(3, 3);
        sequencer.Accept(4, 4);
        Assert.Equal([1], _delivered);

        for (int i = 0; i < 200 && _delivered.Count < 3; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal([1, 3, 4], _delivered);
        sequencer.Accept(2, 2);
        Assert.Equal(1, sequencer.Late);
        sequencer.Accept(5, 5);
        Assert.Equal([1, 3, 4, 5], _delivered);
    }

    [Fact]
    public void StartsOverWhenTheCounterWasResetOrAfterARestart()
    {
        using var sequencer = Create(TimeSpan.FromHours(1));
        sequencer.Accept(50_000, 50_000);
        sequencer.Accept(1, 1); // Redis lost the counter
        sequencer.Accept(2, 2);
        sequencer.Accept(4, 4); // waits for 3 …
        sequencer.Restart(); // … until a reconnection: delivered, and whatever comes next is the start
        sequencer.Accept(9, 9);

        Assert.Equal([50_000, 1, 2, 4, 9], _delivered);
        Assert.Equal(0, sequencer.Late);
    }

    private EventSequencer<long> Create(TimeSpan gapTimeout) => new(_delivered.Enqueue, gapTimeout, TimeProvider.System);
}
