using System.Globalization;

namespace SstpFarm.DataPlane.Auth;

/// <summary>When failed logins start to cost time, per user name and per source address (design.md §6).</summary>
public sealed class AuthFailureLimiterOptions
{
    private int _freeFailures = 5;
    private TimeSpan _firstBlock = TimeSpan.FromSeconds(5);
    private TimeSpan _maxBlock = TimeSpan.FromMinutes(5);
    private TimeSpan _forgetAfter = TimeSpan.FromMinutes(15);
    private int _maxTrackedKeys = 100_000;

    /// <summary>Failures allowed before blocking starts. 5: a user mistyping a password a few times is never blocked.</summary>
    public int FreeFailures { get => _freeFailures; set => _freeFailures = value is >= 1 and <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(value)); }

    /// <summary>First block after <see cref="FreeFailures"/>; doubles with each further failure. 5 s.</summary>
    public TimeSpan FirstBlock { get => _firstBlock; set => _firstBlock = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)); }

    /// <summary>Longest block. 5 min: bounds how long an attacker can lock a real user out.</summary>
    public TimeSpan MaxBlock { get => _maxBlock; set => _maxBlock = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)); }

    /// <summary>A key without failures for this long starts from zero again. 15 min.</summary>
    public TimeSpan ForgetAfter { get => _forgetAfter; set => _forgetAfter = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)); }

    /// <summary>Memory bound: keys tracked at most; the stalest are dropped beyond it. 100 000.</summary>
    public int MaxTrackedKeys { get => _maxTrackedKeys; set => _maxTrackedKeys = value is >= 16 and <= 10_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(value)); }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"FreeFailures={FreeFailures} FirstBlock={FirstBlock} MaxBlock={MaxBlock} ForgetAfter={ForgetAfter} MaxTrackedKeys={MaxTrackedKeys}");
}
