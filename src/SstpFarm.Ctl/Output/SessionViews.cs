using Spectre.Console;
using SstpFarm.Api.V1;

namespace SstpFarm.Ctl.Output;

/// <summary>Sessions as tables, session events as lines.</summary>
internal static class SessionViews
{
    public static Table List(IEnumerable<Session> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        Table table = HumanFormat.Table("SESSION", "USER", "NODE", "ADDRESS", "CLIENT", "STARTED", "IN", "OUT");
        foreach (Session s in sessions)
        {
            table.Row(s.SessionId, s.UserName, s.NodeId, HumanFormat.Text(s.InnerAddress), HumanFormat.Endpoint(s.ClientAddress, s.ClientPort), HumanFormat.Time(s.StartedAt), HumanFormat.Bytes(s.BytesIn), HumanFormat.Bytes(s.BytesOut));
        }

        return table;
    }

    public static Table One(Session s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return HumanFormat.Details(
            ("session", s.SessionId),
            ("user", s.UserName),
            ("node", s.NodeId),
            ("address", HumanFormat.Text(s.InnerAddress)),
            ("client", HumanFormat.Endpoint(s.ClientAddress, s.ClientPort)),
            ("started", HumanFormat.Time(s.StartedAt)),
            ("bytes in", HumanFormat.Bytes(s.BytesIn)),
            ("bytes out", HumanFormat.Bytes(s.BytesOut)),
            ("updated", HumanFormat.Time(s.UpdatedAt)));
    }

    /// <summary>One line per event, so that `sessions watch | grep` works.</summary>
    public static string Line(SessionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Session s = e.Session ?? new Session();
        return $"{HumanFormat.Time(e.At)}  {HumanFormat.Enum(e.Kind),-16}  {s.SessionId}  user={s.UserName} node={s.NodeId} address={HumanFormat.Text(s.InnerAddress)} client={HumanFormat.Endpoint(s.ClientAddress, s.ClientPort)}";
    }
}
