namespace SstpFarm.DataPlane.Balancer;

/// <summary>One HAProxy `tls-ticket-keys` reference the ring's keys are pushed to.</summary>
/// <param name="Runtime">Its runtime API (`stats socket … level admin`).</param>
/// <param name="KeysReference">The key file path as in the config, or <c>#id</c> from `show tls-keys`.</param>
public sealed record HaproxyTicketKeyTarget(HaproxyRuntimeEndpoint Runtime, string KeysReference)
{
    public override string ToString() => $"{Runtime} {KeysReference}";
}
