using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SstpFarm.Client.Tls;

namespace SstpFarm.Client.Tests.Unit;

public sealed class CertificateTests
{
    [Theory]
    [InlineData("56:AC:A5:B9:5E:1B:81:83:56:BC:96:8B:1E:0F:7C:14:0E:9E:33:1A:CD:F7:50:91:B8:8C:F5:C4:58:22:A7:EF")]
    [InlineData("56aca5b95e1b818356bc968b1e0f7c140e9e331acdf75091b88cf5c45822a7ef")]
    [InlineData("sha256/56ACA5B95E1B818356BC968B1E0F7C140E9E331ACDF75091B88CF5C45822A7EF")]
    public void PinsParseInTheUsualSpellings(string pin) =>
        Assert.Equal(Convert.FromHexString("56ACA5B95E1B818356BC968B1E0F7C140E9E331ACDF75091B88CF5C45822A7EF"), CertificateFiles.ParsePin(pin));

    [Theory]
    [InlineData("56AC")]
    [InlineData("zz" + "00000000000000000000000000000000000000000000000000000000000000")]
    public void BadPinsAreRejected(string pin) => Assert.ThrowsAny<FormatException>(() => CertificateFiles.ParsePin(pin));

    [Fact]
    public void ValidatorAcceptsOnlyThePinnedCertificateWhateverThePolicyErrors()
    {
        using X509Certificate2 certificate = SelfSigned("server.test");
        using X509Certificate2 other = SelfSigned("other.test");
        var validator = new ServerCertificateValidator(null, SHA256.HashData(certificate.RawData), checkName: true);

        Assert.True(validator.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Null(validator.Rejection);
        Assert.False(validator.Validate(this, other, null, SslPolicyErrors.None));
        Assert.Contains("pin", validator.Rejection, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatorChecksTheChainAgainstTheGivenAnchorsAndTheName()
    {
        using X509Certificate2 certificate = SelfSigned("server.test");
        using X509Certificate2 other = SelfSigned("other.test");
        var trusting = new ServerCertificateValidator([certificate], null, checkName: true);
        Assert.True(trusting.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(trusting.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(trusting.Validate(this, other, null, SslPolicyErrors.RemoteCertificateChainErrors));

        var noName = new ServerCertificateValidator([certificate], null, checkName: false);
        Assert.True(noName.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateNameMismatch));

        var system = new ServerCertificateValidator(null, null, checkName: true);
        Assert.False(system.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(system.Validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
