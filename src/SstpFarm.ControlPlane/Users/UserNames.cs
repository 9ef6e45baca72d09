using System.Text;

namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// What a user name may be, and how names compare.
/// Lookup is ordinal and case-sensitive: PPP carries the name as bytes (RFC 1334 §2.2.1 Peer-ID,
/// RFC 2759 §4 Name) and MS-CHAPv2 hashes it exactly as sent, so "Alice" and "alice" are different
/// names on the wire. To keep that from surprising anyone, the file never holds two names that
/// differ only in case.
/// </summary>
public static class UserNames
{
    /// <summary>PAP's Peer-ID-Length is one octet (RFC 1334 §2.2.1).</summary>
    public const int MaxUtf8Bytes = 255;

    public static StringComparer Comparer => StringComparer.Ordinal;

    /// <summary>Returns null when the name is acceptable, else why not (to follow "user name ...").</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            return $"is longer than {MaxUtf8Bytes} bytes in UTF-8";
        }

        if (name.Trim().Length != name.Length)
        {
            return "starts or ends with white space";
        }

        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                return "contains a control character";
            }
        }

        return null;
    }
}
