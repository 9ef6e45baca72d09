using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.Host.Configuration;

/// <summary>Text → typed value, with the reason when it fails (the reason reads after "key: 'value' ").</summary>
public static class ValueParsers
{
    public static bool Boolean(string text, out bool value, out string reason)
    {
        reason = "is not a boolean: use true or false";
        value = text == "true";
        return text is "true" or "false";
    }

    public static bool NonEmpty(string text, out string value, out string reason)
    {
        value = text;
        reason = "is empty";
        return !string.IsNullOrWhiteSpace(text);
    }

    public static bool Cidr(string text, out Ipv4Cidr value, out string reason) => Ipv4Cidr.TryParse(text, out value, out reason);

    public static bool Ipv4Address(string text, out IPAddress value, out string reason)
    {
        reason = "is not an IPv4 address (four decimal octets, e.g. 10.0.0.1)";
        bool ok = Ipv4.TryParse(text, out IPAddress? address);
        value = address ?? IPAddress.None;
        return ok;
    }

    /// <summary>"ADDR:PORT" for IPv4, "[ADDR]:PORT" for IPv6.</summary>
    public static bool EndPoint(string text, out IPEndPoint value, out string reason)
    {
        value = new IPEndPoint(IPAddress.Any, 0);
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !IPEndPoint.TryParse(text, out IPEndPoint? parsed) || text.EndsWith(']'))
        {
            reason = "is not ADDR:PORT (e.g. 0.0.0.0:443 or [::]:443)";
            return false;
        }

        string host = text[..colon];
        if (parsed.AddressFamily == AddressFamily.InterNetwork && !Ipv4.TryParse(host, out uint _))
        {
            reason = $"is not ADDR:PORT: '{host}' is not an IPv4 address";
            return false;
        }

        if (parsed.Port == 0)
        {
            reason = "is not ADDR:PORT: port must be 1..65535";
            return false;
        }

        value = parsed;
        reason = string.Empty;
        return true;
    }

    public static ConfigKey.Parser<int> Integer(int min, int max) => (string text, out int value, out string reason) =>
    {
        reason = $"is not an integer in {min}..{max}";
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    };

    /// <summary>"500ms", "30s", "5m", "1h"; a bare number means seconds.</summary>
    public static ConfigKey.Parser<TimeSpan> Duration(TimeSpan min, TimeSpan max) => (string text, out TimeSpan value, out string reason) =>
    {
        value = TimeSpan.Zero;
        reason = $"is not a duration in {Format(min)}..{Format(max)} (e.g. 500ms, 30s, 5m, 1h)";
        (string number, double unitSeconds) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(amount * unitSeconds);
        return value >= min && value <= max;
    };

    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalMilliseconds: var ms } when ms % 1000 != 0 => $"{ms.ToString(CultureInfo.InvariantCulture)}ms",
        { TotalSeconds: var s } when s % 60 != 0 || s == 0 => $"{s.ToString(CultureInfo.InvariantCulture)}s",
        { TotalMinutes: var m } when m % 60 != 0 => $"{m.ToString(CultureInfo.InvariantCulture)}m",
        _ => $"{duration.TotalHours.ToString(CultureInfo.InvariantCulture)}h",
    };

    /// <summary>Enum names in kebab-case: "mschapv2", "chap-md5", "optional".</summary>
    public static ConfigKey.Parser<T> Choice<T>(params (string Name, T Value)[] choices) => (string text, out T value, out string reason) =>
    {
        reason = $"is not one of: {string.Join(", ", choices.Select(c => c.Name))}";
        foreach ((string name, T candidate) in choices)
        {
            if (name == text)
            {
                value = candidate;
                return true;
            }
        }

        value = choices[0].Value;
        return false;
    };

    /// <summary>A certificate fingerprint: hex digits, optionally separated by colons (as openssl prints them).</summary>
    public static ConfigKey.Parser<byte[]> Hash(int bytes, string algorithm) => (string text, out byte[] value, out string reason) =>
    {
        string hex = text.Replace(":", string.Empty, StringComparison.Ordinal);
        reason = $"is not a {algorithm} fingerprint: expected {bytes * 2} hex digits";
        value = [];
        if (hex.Length != bytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        value = Convert.FromHexString(hex);
        return true;
    };

    /// <summary>Linux interface names: 1..15 bytes (IFNAMSIZ 16 with the NUL), no '/', ':' or white space, not "." or "..".</summary>
    public static bool InterfaceName(string text, out string value, out string reason)
    {
        value = text;
        reason = "is not a Linux interface name: 1..15 characters, no '/', ':' or white space";
        return text.Length is > 0 and <= 15 && text is not ("." or "..") && text.All(c => c > ' ' && c < 0x7F && c is not ('/' or ':'));
    }

    /// <summary>Letters, digits, '.', '-', '_': safe in a Redis key, a metric label and a file name.</summary>
    public static bool Identifier(string text, out string value, out string reason)
    {
        value = text;
        reason = "is not a valid id: 1..64 characters from A-Z a-z 0-9 . - _";
        return text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
    }

    /// <summary>A DNS host name (RFC 1123 §2.1 labels) or an IPv4 address, for the generated certificate.</summary>
    public static bool HostName(string text, out string value, out string reason)
    {
        value = text;
        reason = "is not a host name: dot-separated labels of letters, digits and '-', each 1..63 characters";
        return text.Length is > 0 and <= 253
            && text.Split('.').All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    /// <summary>"host:port[,…]" (port optional), as the Redis connection options parse it.</summary>
    public static ConfigKey.Parser<string> EndPointList(int defaultPort) => (string text, out string value, out string reason) =>
    {
        value = text.Trim();
        bool ok = ControlPlane.Redis.Connection.RedisConnectionOptions.TryParseEndPoints(text, defaultPort, out _, out reason);
        reason = ok ? string.Empty : $"is not host:port[,…]: {reason}";
        return ok;
    };

    /// <summary>An HAProxy runtime API: unix:/path or /path, tcp:host:port or host:port.</summary>
    public static bool HaproxyRuntime(string text, out DataPlane.Balancer.HaproxyRuntimeEndpoint value, out string reason)
    {
        bool ok = DataPlane.Balancer.HaproxyRuntimeEndpoint.TryParse(text, out DataPlane.Balancer.HaproxyRuntimeEndpoint? parsed);
        value = parsed!;
        reason = "is not an HAProxy runtime API: unix:/path/to/socket (or /path), tcp:host:port (or host:port)";
        return ok;
    }

    /// <summary>A `tls-ticket-keys` reference as the runtime API takes it (one word): #ID, or the key file path.</summary>
    public static bool TlsKeysReference(string text, out string value, out string reason)
    {
        value = text;
        reason = "is not a tls-ticket-keys reference: the key file path as written in haproxy.cfg (no white space), or #ID as `show tls-keys` lists it";
        return text.Length > 0 && !text.Any(char.IsWhiteSpace) && (text[0] != '#' || (text.Length > 1 && text.Skip(1).All(char.IsAsciiDigit)));
    }
}
