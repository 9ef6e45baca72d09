namespace SstpFarm.DataPlane.Tun;

/// <summary>How to create the node's TUN device.</summary>
public sealed class TunDeviceOptions
{
    /// <summary>Interface name (at most 15 bytes; a "%d" lets the kernel pick a number). Default "sstp0".</summary>
    public string Name { get; set; } = "sstp0";

    /// <summary>Number of queues (one fd and one reader thread each). Default: one per CPU.</summary>
    public int QueueCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Network namespace to create the device in (e.g. /var/run/netns/NAME); null = ours.</summary>
    public string? NetworkNamespacePath { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Name);
        if (System.Text.Encoding.UTF8.GetByteCount(Name) >= TunConstants.IFNAMSIZ)
        {
            throw new ArgumentException($"TUN name '{Name}' is longer than {TunConstants.IFNAMSIZ - 1} bytes", nameof(Name));
        }

        if (QueueCount is < 1 or > TunConstants.MaxQueues)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCount), QueueCount, $"must be 1..{TunConstants.MaxQueues}");
        }
    }
}
