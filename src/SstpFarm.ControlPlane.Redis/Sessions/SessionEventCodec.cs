using System.Text.Json;
using SstpFarm.ControlPlane.Sessions;

namespace SstpFarm.ControlPlane.Redis.Sessions;

/// <summary>
/// The registry scripts' event message: a JSON array (cjson in Lua)
/// <c>[seq, kind, id, user, node, ip, client, started-ms, updated-ms, in, out, at-ms]</c>, kind
/// S(tarted) / A(ddressAssigned) / E(nded), every field but seq a string ("" when absent).
/// </summary>
internal static class SessionEventCodec
{
    private const int Fields = 12;

    /// <summary>False for anything else (a newer format, a stray publisher): ignored, never an exception.</summary>
    public static bool TryDecode(string? message, out long sequence, out SessionEvent? sessionEvent)
    {
        sequence = 0;
        sessionEvent = null;
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(message);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != Fields || !root[0].TryGetInt64(out sequence))
            {
                return false;
            }

            var text = new string[Fields];
            for (int i = 1; i < Fields; i++)
            {
                text[i] = root[i].ValueKind switch
                {
                    JsonValueKind.String => root[i].GetString()!,
                    JsonValueKind.Number => root[i].GetRawText(),
                    _ => string.Empty,
                };
            }

            SessionEventKind? kind = text[1] switch
            {
                "S" => SessionEventKind.Started,
                "A" => SessionEventKind.AddressAssigned,
                "E" => SessionEventKind.Ended,
                _ => null,
            };
            if (kind is null || !long.TryParse(text[11], out long at))
            {
                return false;
            }

            SessionRecord record = RedisSessionRegistry.ToRecord(text[2], text[3], text[4], text[5], text[6], text[7], text[8], text[9], text[10]);
            sessionEvent = new SessionEvent(kind.Value, record, DateTimeOffset.FromUnixTimeMilliseconds(at));
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
