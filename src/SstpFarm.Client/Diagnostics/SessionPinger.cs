using System.Diagnostics;
using System.Net;

namespace SstpFarm.Client.Diagnostics;

/// <summary>
/// ICMP echo through a session without a TUN device: a reachability check and a windowed flood that
/// measures throughput. Both consume the session's received packets while they run.
/// </summary>
public static class SessionPinger
{
    /// <summary>Sends <paramref name="count"/> Echo Requests one at a time, each waiting up to <paramref name="timeout"/> for its reply.</summary>
    public static async Task<PingResult> PingAsync(SstpClientSession session, IPAddress target, int count = 3, int payloadBytes = 56, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ushort identifier = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        byte[] packet = new byte[IcmpEcho.Overhead + payloadBytes];
        byte[] received = new byte[session.Info.Mtu + 64];
        var rtts = new List<double>();
        for (int sequence = 1; sequence <= count; sequence++)
        {
            int length = IcmpEcho.WriteRequest(packet, session.Info.LocalAddress, target, identifier, (ushort)sequence, payloadBytes);
            long start = Stopwatch.GetTimestamp();
            if (!await session.SendAsync(packet.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(timeout ?? TimeSpan.FromSeconds(2));
            try
            {
                while (true)
                {
                    int n = await session.ReceiveAsync(received, wait.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return new PingResult(sequence, rtts);
                    }

                    if (IcmpEcho.TryReadReply(received.AsSpan(0, n), out ushort id, out ushort seq) && id == identifier && seq == sequence)
                    {
                        rtts.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // this one was lost; go on with the next
            }
        }

        return new PingResult(count, rtts);
    }

    /// <summary>
    /// Sends Echo Requests of <paramref name="payloadBytes"/> for <paramref name="duration"/>, keeping at
    /// most <paramref name="window"/> unanswered (one lost for every 200 ms without a reply), and counts
    /// the replies. IP bytes, headers included.
    /// </summary>
    public static async Task<FloodResult> FloodAsync(SstpClientSession session, IPAddress target, TimeSpan duration, int payloadBytes = 1372, int window = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        payloadBytes = Math.Min(payloadBytes, session.Info.Mtu - IcmpEcho.Overhead);
        ushort identifier = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        using var credits = new SemaphoreSlim(window, int.MaxValue);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long packetsReceived = 0;
        long bytesReceived = 0;

        Task receiver = Task.Run(
            async () =>
            {
                byte[] buffer = new byte[session.Info.Mtu + 64];
                try
                {
                    while (true)
                    {
                        int n = await session.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                        if (n == 0)
                        {
                            return;
                        }

                        if (IcmpEcho.TryReadReply(buffer.AsSpan(0, n), out ushort id, out _) && id == identifier)
                        {
                            packetsReceived++;
                            bytesReceived += n;
                            credits.Release();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // the run is over
                }
            },
            CancellationToken.None);

        byte[] packet = new byte[IcmpEcho.Overhead + payloadBytes];
        long packetsSent = 0;
        long bytesSent = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < duration && !session.Completion.IsCompleted)
            {
                // A missing reply frees its credit after 200 ms, so loss cannot stall the run.
                await credits.WaitAsync(TimeSpan.FromMilliseconds(200), stop.Token).ConfigureAwait(false);
                int length = IcmpEcho.WriteRequest(packet, session.Info.LocalAddress, target, identifier, unchecked((ushort)packetsSent), payloadBytes);
                if (!await session.SendAsync(packet.AsMemory(0, length), stop.Token).ConfigureAwait(false))
                {
                    break;
                }

                packetsSent++;
                bytesSent += length;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // stopped
        }

        TimeSpan elapsed = clock.Elapsed;
        await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None).ConfigureAwait(false); // late replies
        await stop.CancelAsync().ConfigureAwait(false);
        await receiver.ConfigureAwait(false);
        return new FloodResult(elapsed, packetsSent, bytesSent, packetsReceived, bytesReceived);
    }
}
