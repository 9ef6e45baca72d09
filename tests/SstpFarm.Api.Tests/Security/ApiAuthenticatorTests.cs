using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Api.Security;

namespace SstpFarm.Api.Tests.Security;

public sealed class ApiAuthenticatorTests
{
    private static readonly IPAddress Remote = IPAddress.Parse("192.0.2.10");
    private static readonly ApiToken[] Tokens = [new("viewer", ApiRole.Read, "read-token-0123456789"), new("ops", ApiRole.Admin, "admin-token-0123456789")];

    [Fact]
    public void Without_configured_authentication_only_loopback_callers_get_in_as_admin()
    {
        var auth = new ApiAuthenticator([], clientCertificates: false);
        Assert.Equal(new ApiCaller("loopback", ApiRole.Admin), auth.Authenticate(null, null, IPAddress.Loopback, out _));
        Assert.Equal(new ApiCaller("loopback", ApiRole.Admin), auth.Authenticate(null, null, IPAddress.IPv6Loopback, out _));
        Assert.Null(auth.Authenticate(null, null, Remote, out string reason));
        Assert.Contains("loopback", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void With_tokens_configured_loopback_callers_need_one_too()
    {
        var auth = new ApiAuthenticator(Tokens, clientCertificates: false);
        Assert.Null(auth.Authenticate(null, null, IPAddress.Loopback, out string reason));
        Assert.Contains("Bearer", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer read-token-0123456789", "viewer", ApiRole.Read)]
    [InlineData("bearer admin-token-0123456789", "ops", ApiRole.Admin)]
    [InlineData("Bearer  admin-token-0123456789 ", "ops", ApiRole.Admin)]
    public void A_valid_bearer_token_names_the_caller_and_role(string header, string name, ApiRole role)
    {
        var auth = new ApiAuthenticator(Tokens, clientCertificates: false);
        Assert.Equal(new ApiCaller(name, role), auth.Authenticate(header, null, Remote, out _));
    }

    [Theory]
    [InlineData("Bearer read-token-012345678")]
    [InlineData("Bearer read-token-01234567890")]
    [InlineData("Basic b3BzOnNlY3JldA==")]
    [InlineData("read-token-0123456789")]
    public void Anything_else_is_refused_even_from_loopback(string header)
    {
        var auth = new ApiAuthenticator(Tokens, clientCertificates: false);
        Assert.Null(auth.Authenticate(header, null, IPAddress.Loopback, out string reason));
        Assert.DoesNotContain("token-0123", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_certificate_accepted_by_tls_is_an_admin_named_after_its_subject()
    {
        using var key = ECDsa.Create();
        using X509Certificate2 certificate = new CertificateRequest("CN=ops-laptop", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(new ApiCaller("cert:ops-laptop", ApiRole.Admin), new ApiAuthenticator([], clientCertificates: true).Authenticate(null, certificate, Remote, out _));

        // A bearer token, when sent, decides (a bad one is not rescued by the certificate).
        Assert.Null(new ApiAuthenticator(Tokens, clientCertificates: true).Authenticate("Bearer wrong-token-0123456789", certificate, Remote, out _));

        // Certificates count only when client-certificate authentication is configured.
        Assert.Null(new ApiAuthenticator(Tokens, clientCertificates: false).Authenticate(null, certificate, Remote, out _));
    }
}
