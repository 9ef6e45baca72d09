using System.CommandLine;
using SstpFarm.Client.Tls;
using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Client.Cli;

/// <summary>The options every subcommand shares: server, credentials, trust, PPP choices.</summary>
internal sealed class CommonOptions
{
    public Argument<string> Url { get; } = new("url") { Description = "Server URL: https://host[:port] (or sstp://)." };

    public Option<string> User { get; } = new("--user", "-u") { Description = "User name.", Required = true };

    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the password from standard input instead of prompting." };

    public Option<string> Ca { get; } = new("--ca") { Description = "PEM file with the CA certificate(s) the server's chain must end in (a self-signed server certificate works too)." };

    public Option<string> Pin { get; } = new("--pin") { Description = "Accept only the certificate with this SHA-256 (64 hex digits, ':' allowed); chain and name are not checked." };

    public Option<string> Host { get; } = new("--host") { Description = "Name for SNI, the HTTP Host header and the certificate name check (default: the URL's host)." };

    public Option<bool> NoNameCheck { get; } = new("--no-name-check") { Description = "Do not require the certificate to name the host (the chain is still checked)." };

    public Option<string[]> Auth { get; } = new("--auth") { Description = "Allowed methods, preferred first: mschapv2, eap, chap, pap (repeat or comma-separate). Default: mschapv2, chap, pap.", AllowMultipleArgumentsPerToken = true };

    public Option<bool> NoIpv6 { get; } = new("--no-ipv6") { Description = "Do not negotiate IPV6CP." };

    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to get connected (TCP to IPCP up).", DefaultValueFactory = _ => 60 };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Trace SSTP control packets and PPP control frames on standard error." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object as the result (for scripts and tests)." };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Url);
        foreach (Option option in new Option[] { User, PasswordStdin, Ca, Pin, Host, NoNameCheck, Auth, NoIpv6, Timeout, Verbose, Json })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds the connection options; null with a message on a usage error.</summary>
    public SstpConnectOptions? Build(ParseResult parsed, out string? error)
    {
        error = null;
        try
        {
            string url = parsed.GetValue(Url)!;
            var server = new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url);
            string? password = PasswordReader.Read(parsed.GetValue(PasswordStdin), out error);
            if (password is null)
            {
                return null;
            }

            var options = new SstpConnectOptions
            {
                Server = server,
                UserName = parsed.GetValue(User)!,
                Password = password,
                TargetHost = parsed.GetValue(Host),
                TrustedRoots = parsed.GetValue(Ca) is { } ca ? CertificateFiles.LoadTrustAnchors(ca) : null,
                PinnedCertificateSha256 = parsed.GetValue(Pin) is { } pin ? CertificateFiles.ParsePin(pin) : null,
                CheckCertificateName = !parsed.GetValue(NoNameCheck),
                AuthMethods = ParseAuth(parsed.GetValue(Auth)),
                EnableIpv6 = !parsed.GetValue(NoIpv6),
                ConnectTimeout = TimeSpan.FromSeconds(parsed.GetValue(Timeout)),
                Trace = parsed.GetValue(Verbose) ? line => Console.Error.WriteLine(line) : null,
            };
            options.Validate();
            return options;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UriFormatException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            error = e.Message;
            return null;
        }
    }

    private static LcpAuthMethod[] ParseAuth(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return [.. SstpConnectOptions.DefaultAuthMethods];
        }

        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => v.ToUpperInvariant() switch
            {
                "MSCHAPV2" or "MS-CHAPV2" or "MSCHAP-V2" => LcpAuthMethod.MsChapV2,
                "EAP" or "EAP-MSCHAPV2" => LcpAuthMethod.Eap,
                "CHAP" or "CHAP-MD5" => LcpAuthMethod.ChapMd5,
                "PAP" => LcpAuthMethod.Pap,
                _ => throw new ArgumentException($"unknown authentication method '{v}' (mschapv2, eap, chap, pap)"),
            })
            .Distinct()
            .ToArray();
    }
}
