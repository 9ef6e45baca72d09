using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Redis.Commands;
using SstpFarm.ControlPlane.Redis.Connection;
using SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

namespace SstpFarm.ControlPlane.Redis.Tests;

/// <summary>Commands reach their node by push, and by reconciliation when the push was missed; acknowledged ones are not delivered again.</summary>
public sealed class NodeCommandsTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static NodeCommand Command(string target, NodeCommandKind kind, string? session = null) =>
        new(Guid.NewGuid().ToString("N"), kind, target, DateTimeOffset.UtcNow, SessionId: session);

    [Fact]
    public async Task PushedCommandArrivesAndAcknowledgedCommandIsGone()
    {
        string prefix = "cmd" + Guid.NewGuid().ToString("N")[..8];
        await using RedisConnection ca = await redis.ConnectAsync(prefix);
        await using RedisConnection cb = await redis.ConnectAsync(prefix);
        var a = new RedisNodeCommands(ca, "a", TimeProvider.System);
        var b = new RedisNodeCommands(cb, "b", TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using IAsyncEnumerator<NodeCommand> inbox = b.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Task<bool> first = inbox.MoveNextAsync().AsTask(); // subscribes

        await Task.Delay(200);
        NodeCommand sent = Command("b", NodeCommandKind.DisconnectSession, "s1");
        Assert.Equal(NodeCommandStatus.Queued, await a.SendAsync(sent));
        Assert.True(await first);
        Assert.Equal(sent, inbox.Current);

        await b.AcknowledgeAsync(sent.CommandId);
        Assert.True(await b.ReconcileAsync());
        Task<bool> next = inbox.MoveNextAsync().AsTask();
        await Task.Delay(300);
        Assert.False(next.IsCompleted); // nothing delivered twice
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task ACommandWhosePushWasLostArrivesByReconciliation()
    {
        string prefix = "cmd" + Guid.NewGuid().ToString("N")[..8];
        await using RedisConnection ca = await redis.ConnectAsync(prefix);
        await using RedisConnection cc = await redis.ConnectAsync(prefix);
        var a = new RedisNodeCommands(ca, "a", TimeProvider.System);

        // Node c is not listening: the pub/sub message is lost.
        NodeCommand drain = Command("c", NodeCommandKind.Drain);
        Assert.Equal(NodeCommandStatus.Queued, await a.SendAsync(drain));

        var c = new RedisNodeCommands(cc, "c", TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (NodeCommand command in c.ReadAllAsync(cancel.Token))
        {
            Assert.Equal(drain, command);
            break;
        }
    }
}
