using System.Globalization;

namespace SstpFarm.Api.Grpc;

/// <summary>
/// The <c>grpc-timeout</c> header (PROTOCOL-HTTP2.md "Requests"): TimeoutValue TimeoutUnit, where
/// TimeoutValue is a positive integer of at most 8 ASCII digits and TimeoutUnit is one of
/// H (hours), M (minutes), S (seconds), m (milliseconds), u (microseconds), n (nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    /// <summary>"at most 8 digits".</summary>
    public const int MaxDigits = 8;

    /// <summary>
    /// Parses a header value. Zero is accepted (a deadline that has already passed) although the
    /// grammar says "positive", as other servers do; signs, spaces, more than 8 digits or an
    /// unknown unit are malformed. Never throws.
    /// </summary>
    // PROTOCOL-HTTP2.md: Timeout → "grpc-timeout" TimeoutValue TimeoutUnit
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan timeout)
    {
        timeout = TimeSpan.Zero;
        if (text.Length < 2 || text.Length > MaxDigits + 1)
        {
            return false;
        }

        ReadOnlySpan<char> digits = text[..^1];
        long value = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        // 99,999,999 hours still fits in a TimeSpan (max ~ 256 million hours).
        timeout = text[^1] switch
        {
            'H' => TimeSpan.FromHours(value),
            'M' => TimeSpan.FromMinutes(value),
            'S' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMilliseconds(value),
            'u' => TimeSpan.FromMicroseconds(value),
            'n' => TimeSpan.FromTicks(value / 100),
            _ => TimeSpan.MinValue,
        };
        if (timeout == TimeSpan.MinValue)
        {
            timeout = TimeSpan.Zero;
            return false;
        }

        return true;
    }

    /// <summary>The finest unit whose value fits in 8 digits (rounded up, so the deadline is never shortened).</summary>
    public static string Format(TimeSpan timeout)
    {
        long ticks = Math.Max(0, timeout.Ticks);
        if (ticks < 1_000_000)
        {
            return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "n";
        }

        (char Unit, long TicksPerUnit)[] units = [('u', 10), ('m', TimeSpan.TicksPerMillisecond), ('S', TimeSpan.TicksPerSecond), ('M', TimeSpan.TicksPerMinute), ('H', TimeSpan.TicksPerHour)];
        foreach ((char unit, long perUnit) in units)
        {
            long value = (ticks + perUnit - 1) / perUnit;
            if (value < 100_000_000)
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return "99999999H";
    }
}
