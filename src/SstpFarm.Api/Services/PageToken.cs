using System.Buffers.Text;
using System.Text;

namespace SstpFarm.Api.Services;

/// <summary>
/// Opaque page tokens: base64url of "KIND:LAST-KEY", where LAST-KEY is the sort key of the last
/// item sent. Listing resumes after that key, so a token stays valid while items come and go.
/// The kind keeps a token of one list from being used for another.
/// </summary>
internal static class PageToken
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static string Encode(string kind, string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{lastKey}"));

    /// <summary>The last key of the previous page; null for the first page. INVALID_ARGUMENT when malformed.</summary>
    public static string? Decode(string kind, string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string prefix = kind + ":";
        string? text = null;
        if (Base64Url.IsValid(token))
        {
            try
            {
                text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            }
            catch (FormatException)
            {
                text = null;
            }
        }

        return text is not null && text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length
            ? text[prefix.Length..]
            : throw ApiErrors.InvalidArgument("page_token", "is not a token this server issued for this list");
    }

    /// <summary>0 → default, over the maximum → the maximum, negative → INVALID_ARGUMENT.</summary>
    public static int Size(int requested) => requested switch
    {
        < 0 => throw ApiErrors.InvalidArgument("page_size", "must not be negative"),
        0 => DefaultPageSize,
        > MaxPageSize => MaxPageSize,
        _ => requested,
    };

    /// <summary>One page of <paramref name="sorted"/> after <paramref name="after"/> (by <paramref name="key"/>), with the next token.</summary>
    public static (IReadOnlyList<T> Page, string NextToken) Take<T>(IReadOnlyList<T> sorted, Func<T, string> key, IComparer<string> order, string kind, string? after, int size)
    {
        IEnumerable<T> rest = after is null ? sorted : sorted.Where(item => order.Compare(key(item), after) > 0);
        List<T> page = [.. rest.Take(size + 1)];
        if (page.Count <= size)
        {
            return (page, string.Empty);
        }

        page.RemoveAt(size);
        return (page, Encode(kind, key(page[^1])));
    }
}
