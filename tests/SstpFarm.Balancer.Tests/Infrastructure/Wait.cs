namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>Waits for something HAProxy or another task makes true (a liveness bound, not a timing assertion).</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<Task<string>> failure, int seconds = 20)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(await failure());
            }

            await Task.Delay(25);
        }
    }
}
