using System.Buffers;
using System.Net;
using System.Text.Json;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Users;

namespace SstpFarm.ControlPlane.Redis.Users;

/// <summary>
/// A user's value in P:users: <c>{"h":"NT hash, 32 hex digits","a":"static IPv4","s":"reversible secret"}</c>
/// (a and s only when set; other fields are ignored, so a newer writer may add some).
/// </summary>
internal static class UserValueCodec
{
    /// <summary>The form that makes two names "the same but for case" (as <see cref="StringComparison.OrdinalIgnoreCase"/>).</summary>
    public static string Fold(string name) => name.ToUpperInvariant();

    public static string Encode(LocalUser user)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("h", Convert.ToHexString(user.NtHash));
            if (user.StaticAddress is not null)
            {
                writer.WriteString("a", user.StaticAddress.ToString());
            }

            if (user.ReversibleSecret is not null)
            {
                writer.WriteString("s", user.ReversibleSecret);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Null when the value is unreadable (the user is left out, never an exception).</summary>
    public static LocalUser? Decode(string name, string? value)
    {
        if (string.IsNullOrEmpty(value) || UserNames.Validate(name) is not null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("h", out JsonElement hash) || hash.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            string hex = hash.GetString()!;
            if (hex.Length != LocalUser.NtHashLength * 2 || !hex.All(char.IsAsciiHexDigit))
            {
                return null;
            }

            IPAddress? address = null;
            if (root.TryGetProperty("a", out JsonElement a) && a.ValueKind == JsonValueKind.String && !Ipv4.TryParse(a.GetString()!, out address))
            {
                return null;
            }

            string? secret = root.TryGetProperty("s", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return new LocalUser(name, Convert.FromHexString(hex), address, secret);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
