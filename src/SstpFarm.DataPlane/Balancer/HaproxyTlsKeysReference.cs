namespace SstpFarm.DataPlane.Balancer;

/// <summary>One `tls-ticket-keys` reference as `show tls-keys` lists it: HAProxy's numeric id and the key file.</summary>
public sealed record HaproxyTlsKeysReference(int Id, string File)
{
    /// <summary>The reference by id, as `set ssl tls-key` and `show tls-keys` accept it: <c>#0</c>.</summary>
    public string IdReference => "#" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
