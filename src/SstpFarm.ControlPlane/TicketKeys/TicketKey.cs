namespace SstpFarm.ControlPlane.TicketKeys;

/// <summary>
/// One TLS session-ticket key in HAProxy's `tls-ticket-keys` format: 80 bytes (16-byte key name,
/// then HMAC and AES keys). Secret: <see cref="ToString"/> never shows the material.
/// </summary>
public sealed class TicketKey
{
    /// <summary>HAProxy's 80-byte key (key name 16 + HMAC 32 + AES 32); the 48-byte form is legacy.</summary>
    public const int Length = 80;

    private readonly byte[] _material;

    public TicketKey(long id, ReadOnlySpan<byte> material, DateTimeOffset createdAt)
    {
        if (material.Length != Length)
        {
            throw new ArgumentException($"a ticket key is {Length} bytes, not {material.Length}", nameof(material));
        }

        Id = id;
        _material = material.ToArray();
        CreatedAt = createdAt;
    }

    /// <summary>Increases with every key the ring creates.</summary>
    public long Id { get; }

    public DateTimeOffset CreatedAt { get; }

    public ReadOnlySpan<byte> Material => _material;

    /// <summary>The line HAProxy expects in a key file or after `set ssl tls-key`.</summary>
    public string ToBase64() => Convert.ToBase64String(_material);

    public override string ToString() => $"ticket key #{Id} (material redacted)";
}
