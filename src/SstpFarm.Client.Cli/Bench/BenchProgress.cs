namespace SstpFarm.Client.Cli.Bench;

/// <summary>Live counters of a bench run, updated by many tasks and read by the display.</summary>
internal sealed class BenchProgress
{
    private int _connected;
    private int _failed;
    private int _inFlight;

    public int Connected => Volatile.Read(ref _connected);

    public int Failed => Volatile.Read(ref _failed);

    public int InFlight => Volatile.Read(ref _inFlight);

    public string Phase { get; set; } = "connecting";

    public void Started() => Interlocked.Increment(ref _inFlight);

    public void Succeeded()
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _connected);
    }

    public void FailedOne()
    {
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _failed);
    }
}
