namespace SstpFarm.Protocol.Tests.Common;

/// <summary>Hex as the protocol docs print it: spaces, newlines and either case are fine.</summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var compact = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        return Convert.FromHexString(compact.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
