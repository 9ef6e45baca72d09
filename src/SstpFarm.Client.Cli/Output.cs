using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SstpFarm.Client.Cli;

/// <summary>Result printing shared by the commands: one JSON object, or human lines.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static void Json(JsonObject result) => Console.Out.WriteLine(result.ToJsonString(Compact));

    public static JsonObject Describe(SstpSessionInfo info) => new()
    {
        ["address"] = info.LocalAddress.ToString(),
        ["peer"] = info.PeerAddress?.ToString(),
        ["dns"] = new JsonArray(new[] { info.PrimaryDns, info.SecondaryDns }.Where(a => a is not null).Select(a => (JsonNode)a!.ToString()).ToArray()),
        ["mtu"] = info.Mtu,
        ["auth"] = info.AuthMethod.ToString(),
        ["hash"] = info.HashProtocol.ToString(),
        ["ipv6_interface_id"] = info.LocalIpv6InterfaceId?.ToString("x16", CultureInfo.InvariantCulture),
        ["certificate_sha256"] = Convert.ToHexString(info.CertificateSha256),
    };

    public static JsonObject Describe(SstpDisconnectInfo info) => new()
    {
        ["reason"] = info.Reason.ToString(),
        ["ppp_reason"] = info.LinkReason?.ToString(),
        ["from_state"] = info.FromState.ToString(),
        ["server_status"] = info.PeerStatus?.Status.ToString(),
        ["error"] = info.TransportError?.Message,
    };

    public static JsonObject Describe(SstpConnectException e) => new()
    {
        ["failure"] = e.Failure.ToString(),
        ["label"] = e.Label,
        ["message"] = e.Message,
    };

    public static void Human(SstpSessionInfo info) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connected: address {info.LocalAddress}, peer {info.PeerAddress}, DNS {info.PrimaryDns?.ToString() ?? "-"} {info.SecondaryDns?.ToString() ?? string.Empty}, MTU {info.Mtu}, {info.AuthMethod}, crypto binding {info.HashProtocol}"));

    public static int Usage(string message)
    {
        Console.Error.WriteLine($"sstpfarm-client: {message}");
        return ExitCodes.Usage;
    }

    public static int ConnectFailed(SstpConnectException e, bool json)
    {
        if (json)
        {
            Json(new JsonObject { ["connected"] = false, ["error"] = Describe(e) });
        }
        else
        {
            Console.Error.WriteLine($"sstpfarm-client: {e.Message}");
        }

        return ExitCodes.Failed;
    }
}
