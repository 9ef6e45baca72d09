namespace SstpFarm.DataPlane.Tests.Infrastructure;

/// <summary>Waits for a condition that another thread or the kernel makes true (liveness bound, not a timing assertion).</summary>
public static class Eventually
{
    public static void True(Func<bool> condition, Func<string> failure, int seconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(failure);
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(failure());
            }

            Thread.Sleep(10);
        }
    }
}
