using System.Globalization;

namespace SstpFarm.DataPlane.Balancer;

/// <summary>
/// Reads the text HAProxy 2.6 prints for `show tls-keys` (management guide §9.3). Tolerant: lines it
/// does not recognise are skipped, and it never throws on odd input.
/// </summary>
/// <remarks>
/// <code>
/// show tls-keys            show tls-keys #0
/// # id (file)              # id secret
/// 0 (/etc/haproxy/keys)    # 0 (/etc/haproxy/keys)
///                          0.0 &lt;base64&gt;   ← oldest (decrypts only)
///                          0.1 &lt;base64&gt;   ← encrypts new tickets
///                          0.2 &lt;base64&gt;   ← newest (decrypts only)
/// </code>
/// </remarks>
public static class HaproxyTlsKeysOutput
{
    /// <summary>The references listed by `show tls-keys`.</summary>
    public static IReadOnlyList<HaproxyTlsKeysReference> ParseReferences(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var references = new List<HaproxyTlsKeysReference>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                continue;
            }

            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !line.EndsWith(')') || line.Length < space + 3 || line[space + 1] != '('
                || !int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                continue;
            }

            references.Add(new HaproxyTlsKeysReference(id, line[(space + 2)..^1]));
        }

        return references;
    }

    /// <summary>
    /// The keys of one reference (`show tls-keys #id`), oldest first — the order of a key file and of
    /// <c>TicketKeySet.InHaproxyOrder()</c>. Empty when the output holds none (e.g. an unknown reference).
    /// </summary>
    public static IReadOnlyList<string> ParseKeys(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var keys = new List<(int Slot, string Key)>();
        foreach (string raw in output.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                continue;
            }

            // "<ref id>.<slot> <base64>"
            int dot = line.IndexOf('.', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dot <= 0 || space <= dot + 1 || space == line.Length - 1
                || !int.TryParse(line.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !int.TryParse(line.AsSpan(dot + 1, space - dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int slot))
            {
                continue;
            }

            keys.Add((slot, line[(space + 1)..].Trim()));
        }

        keys.Sort((a, b) => a.Slot.CompareTo(b.Slot));
        return keys.ConvertAll(k => k.Key);
    }
}
