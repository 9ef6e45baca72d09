namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// How few `set ssl tls-key` commands turn the keys an HAProxy holds into the ring's keys. Each command
/// drops the oldest key and appends one, so after pushing the last <c>n</c> wanted keys HAProxy holds
/// <c>installed[n..] + wanted[^n..]</c>; the plan picks the smallest <c>n</c> for which that equals
/// <c>wanted</c>. After a single ring rotation that is one command (the new newest key), so the key
/// HAProxy encrypts with only ever moves forward; after a reload back to the key file, or on first
/// contact, it is all of them.
/// </summary>
public static class TicketKeyPushPlan
{
    /// <summary>The index in <paramref name="wanted"/> of the first key to push (its count when nothing is to do).</summary>
    /// <param name="installed">HAProxy's keys, oldest first (`show tls-keys #id`).</param>
    /// <param name="wanted">The ring's keys, oldest first (<c>TicketKeySet.InHaproxyOrder()</c>).</param>
    public static int FirstKeyToPush(IReadOnlyList<string> installed, IReadOnlyList<string> wanted)
    {
        ArgumentNullException.ThrowIfNull(installed);
        ArgumentNullException.ThrowIfNull(wanted);
        if (installed.Count != wanted.Count)
        {
            return 0;
        }

        int count = wanted.Count;
        for (int pushed = 0; pushed < count; pushed++)
        {
            if (SuffixMatchesPrefix(installed, wanted, pushed))
            {
                return count - pushed;
            }
        }

        return 0;
    }

    // installed[pushed..] == wanted[..(count - pushed)]
    private static bool SuffixMatchesPrefix(IReadOnlyList<string> installed, IReadOnlyList<string> wanted, int pushed)
    {
        for (int i = pushed; i < installed.Count; i++)
        {
            if (!string.Equals(installed[i], wanted[i - pushed], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
