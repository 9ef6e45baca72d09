namespace SstpFarm.Api.Security;

/// <summary>What an authenticated caller may do: read calls only, or every call.</summary>
public enum ApiRole
{
    Read,
    Admin,
}

/// <summary>Who called, as authentication established it.</summary>
/// <param name="Name">The token's name, "cert:" + the certificate's subject CN, or "loopback".</param>
/// <param name="Role">What the caller may do.</param>
public sealed record ApiCaller(string Name, ApiRole Role);
