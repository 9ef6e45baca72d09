using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using SstpFarm.Api.Security;

namespace SstpFarm.Api.Tests.Security;

public sealed class ApiServerOptionsTests
{
    private static readonly IPEndPoint Exposed = new(IPAddress.Any, 50051);

    [Fact]
    public void The_default_is_loopback_port_50051_and_valid()
    {
        var options = new ApiServerOptions();
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50051), options.EndPoint);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void A_non_loopback_endpoint_without_tls_and_without_authentication_is_refused_at_startup()
    {
        var options = new ApiServerOptions { EndPoint = Exposed };
        IReadOnlyList<string> problems = options.Validate();
        Assert.Contains(problems, p => p.Contains("needs TLS", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("needs authentication", StringComparison.Ordinal));

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ApiServer(options, [], NullLoggerFactory.Instance));
        Assert.Contains("is not loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_endpoint_with_tokens_but_no_tls_is_still_refused()
    {
        var options = new ApiServerOptions { EndPoint = Exposed, Tokens = [new ApiToken("ops", ApiRole.Admin, "admin-token-0123456789")] };
        Assert.Single(options.Validate(), p => p.Contains("needs TLS", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_loopback_endpoint_with_tls_and_tokens_is_accepted()
    {
        using var key = RSA.Create(2048);
        using X509Certificate2 certificate = new CertificateRequest("CN=api", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var options = new ApiServerOptions { EndPoint = Exposed, Certificate = certificate, Tokens = [new ApiToken("ops", ApiRole.Admin, "admin-token-0123456789")] };
        Assert.Empty(options.Validate());
    }
}
