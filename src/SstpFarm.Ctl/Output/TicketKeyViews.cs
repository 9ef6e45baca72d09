using Spectre.Console;
using Spectre.Console.Rendering;
using SstpFarm.Api.V1;

namespace SstpFarm.Ctl.Output;

/// <summary>Ticket-key status: the rotation times, then the keys by role (fingerprints only).</summary>
internal static class TicketKeyViews
{
    public static IRenderable Status(TicketKeyStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Table keys = HumanFormat.Table("ROLE", "FINGERPRINT");
        foreach (TicketKeyInfo key in status.Keys)
        {
            keys.Row(HumanFormat.Enum(key.Role), key.Fingerprint);
        }

        return new Rows(
            HumanFormat.Details(
                ("version", HumanFormat.Number(status.Version)),
                ("rotated", HumanFormat.Time(status.RotatedAt)),
                ("next rotation", HumanFormat.Time(status.NextRotationAt))),
            keys);
    }
}
