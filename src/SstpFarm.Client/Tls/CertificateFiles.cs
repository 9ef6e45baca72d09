using System.Security.Cryptography.X509Certificates;

namespace SstpFarm.Client.Tls;

/// <summary>Loads trust anchors and parses pins given on the command line.</summary>
public static class CertificateFiles
{
    /// <summary>Every certificate in a PEM (or single DER) file.</summary>
    public static X509Certificate2Collection LoadTrustAnchors(string path)
    {
        var collection = new X509Certificate2Collection();
        string text = File.ReadAllText(path);
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            collection.ImportFromPem(text);
        }
        else
        {
            collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        if (collection.Count == 0)
        {
            throw new InvalidDataException($"{path} holds no certificate.");
        }

        return collection;
    }

    /// <summary>A SHA-256 pin as 64 hex digits, optionally with ':' or ' ' separators (as openssl and browsers print it).</summary>
    public static byte[] ParsePin(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        string hex = pin.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (hex.StartsWith("sha256/", StringComparison.OrdinalIgnoreCase))
        {
            hex = hex[7..];
        }

        byte[] bytes = hex.Length == 64 ? Convert.FromHexString(hex) : [];
        return bytes.Length == 32 ? bytes : throw new FormatException("The pin is the SHA-256 of the certificate: 64 hex digits.");
    }
}
