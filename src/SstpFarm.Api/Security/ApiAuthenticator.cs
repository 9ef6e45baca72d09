using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Api.Security;

/// <summary>
/// Decides who a caller is. In order: a bearer token, when one is sent, must match a configured
/// token (else UNAUTHENTICATED, whatever else the caller has); a client certificate that TLS
/// accepted (it chains to the configured CA) makes the caller admin; with no authentication
/// configured at all, a loopback caller is admin; everyone else is UNAUTHENTICATED.
/// </summary>
public sealed class ApiAuthenticator
{
    private const string BearerPrefix = "Bearer ";
    private readonly IReadOnlyList<ApiToken> _tokens;
    private readonly bool _clientCertificates;

    /// <param name="tokens">The configured bearer tokens (may be empty).</param>
    /// <param name="clientCertificates">Whether client certificates are configured (TLS validates them against the CA).</param>
    public ApiAuthenticator(IReadOnlyList<ApiToken> tokens, bool clientCertificates)
    {
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _clientCertificates = clientCertificates;
    }

    /// <summary>Whether any credential is required.</summary>
    public bool Enabled => _tokens.Count > 0 || _clientCertificates;

    /// <summary>The caller, or null with <paramref name="reason"/> (safe to send back: no secrets).</summary>
    /// <param name="authorization">The <c>authorization</c> header, if any.</param>
    /// <param name="clientCertificate">The client certificate TLS accepted, if any.</param>
    /// <param name="peer">The caller's address.</param>
    /// <param name="reason">Why the caller was not authenticated.</param>
    public ApiCaller? Authenticate(string? authorization, X509Certificate2? clientCertificate, IPAddress? peer, out string reason)
    {
        reason = string.Empty;
        if (!string.IsNullOrEmpty(authorization))
        {
            if (_tokens.Count == 0)
            {
                reason = "bearer tokens are not enabled on this server";
                return null;
            }

            if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                reason = "the authorization header is not 'Bearer TOKEN'";
                return null;
            }

            ApiToken? match = Match(authorization[BearerPrefix.Length..].Trim());
            reason = match is null ? "the bearer token is not valid" : string.Empty;
            return match is null ? null : new ApiCaller(match.Name, match.Role);
        }

        if (_clientCertificates && clientCertificate is not null)
        {
            return new ApiCaller("cert:" + clientCertificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), ApiRole.Admin);
        }

        if (!Enabled && peer is not null && IPAddress.IsLoopback(peer))
        {
            return new ApiCaller("loopback", ApiRole.Admin);
        }

        reason = Enabled
            ? "credentials required: send 'authorization: Bearer TOKEN'" + (_clientCertificates ? " or a client certificate" : string.Empty)
            : "this server accepts calls from loopback only";
        return null;
    }

    /// <summary>Compares against every token in constant time per token and without an early exit.</summary>
    private ApiToken? Match(string presented)
    {
        byte[] hash = ApiToken.Digest(presented);
        ApiToken? match = null;
        foreach (ApiToken token in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, token.Hash))
            {
                match = token;
            }
        }

        return match;
    }
}
