using System.Net;
using Google.Protobuf.WellKnownTypes;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.V1;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Commands;
using SstpFarm.ControlPlane.Sessions;
using SessionEvent = SstpFarm.Api.V1.SessionEvent;

namespace SstpFarm.Api.Services;

/// <summary>
/// sstpfarm.v1.SessionService over the session registry (farm-wide), the node commands
/// (disconnects go to the owning node) and the session event feed (watch).
/// </summary>
public sealed class SessionService(IControlPlane controlPlane, ISessionEventFeed events, TimeProvider time) : IGrpcService
{
    public const string ServiceName = "sstpfarm.v1.SessionService";
    private const string PageKind = "sessions";

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(SessionsReflection.Descriptor);
        methods.AddUnary<ListSessionsRequest, ListSessionsResponse>(ServiceName, "ListSessions", ApiAccess.Read, ListSessionsRequest.Parser, ListAsync);
        methods.AddUnary<GetSessionRequest, Session>(ServiceName, "GetSession", ApiAccess.Read, GetSessionRequest.Parser,
            async (r, c) => ApiConvert.ToMessage(await FindAsync(r.SessionId, c.CancellationToken)));
        methods.AddUnary<DisconnectSessionRequest, DisconnectSessionResponse>(ServiceName, "DisconnectSession", ApiAccess.Admin, DisconnectSessionRequest.Parser, DisconnectSessionAsync);
        methods.AddUnary<DisconnectUserRequest, DisconnectUserResponse>(ServiceName, "DisconnectUser", ApiAccess.Admin, DisconnectUserRequest.Parser, DisconnectUserAsync);
        methods.AddServerStreaming<WatchSessionsRequest, SessionEvent>(ServiceName, "WatchSessions", ApiAccess.Read, WatchSessionsRequest.Parser, WatchAsync);
    }

    private async ValueTask<ListSessionsResponse> ListAsync(ListSessionsRequest request, GrpcCallContext context)
    {
        IPAddress? address = null;
        if (request.InnerAddress.Length > 0 && !IPAddress.TryParse(request.InnerAddress, out address))
        {
            throw ApiErrors.InvalidArgument("inner_address", $"'{request.InnerAddress}' is not an IPv4 or IPv6 address");
        }

        int size = PageToken.Size(request.PageSize);
        string? after = PageToken.Decode(PageKind, request.PageToken);
        CancellationToken cancellationToken = context.CancellationToken;
        ISessionRegistry registry = controlPlane.Sessions;

        // Fetch by the most selective filter the registry indexes, then apply the others.
        IReadOnlyList<SessionRecord> candidates = address is not null
            ? await registry.FindByAddressAsync(address, cancellationToken) is { } one ? [one] : []
            : request.UserName.Length > 0 ? await registry.FindByUserAsync(request.UserName, cancellationToken)
            : request.NodeId.Length > 0 ? await registry.FindByNodeAsync(request.NodeId, cancellationToken)
            : await registry.ListAsync(cancellationToken);
        SessionRecord[] matching = [.. candidates
            .Where(s => Matches(s, request.UserName, request.NodeId))
            .OrderBy(s => s.SessionId, StringComparer.Ordinal)];

        (IReadOnlyList<SessionRecord> page, string next) = PageToken.Take(matching, s => s.SessionId, StringComparer.Ordinal, PageKind, after, size);
        var response = new ListSessionsResponse { NextPageToken = next, TotalSize = matching.Length };
        response.Sessions.AddRange(page.Select(ApiConvert.ToMessage));
        return response;
    }

    private async ValueTask<SessionRecord> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        ApiErrors.Required(sessionId, "session_id");
        return await controlPlane.Sessions.GetAsync(sessionId, cancellationToken) ?? throw ApiErrors.NotFound($"no live session '{sessionId}'");
    }

    private async ValueTask<DisconnectSessionResponse> DisconnectSessionAsync(DisconnectSessionRequest request, GrpcCallContext context)
    {
        SessionRecord session = await FindAsync(request.SessionId, context.CancellationToken);
        await NodeCommandSender.SendAsync(controlPlane, NodeCommandKind.DisconnectSession, session.NodeId, time, context.CancellationToken, sessionId: session.SessionId);
        return new DisconnectSessionResponse { NodeId = session.NodeId };
    }

    private async ValueTask<DisconnectUserResponse> DisconnectUserAsync(DisconnectUserRequest request, GrpcCallContext context)
    {
        ApiErrors.Required(request.UserName, "user_name");
        IReadOnlyList<SessionRecord> sessions = await controlPlane.Sessions.FindByUserAsync(request.UserName, context.CancellationToken);
        string[] nodes = [.. sessions.Where(s => s.UserName == request.UserName).Select(s => s.NodeId).Distinct().Order(StringComparer.Ordinal)];
        foreach (string node in nodes)
        {
            await NodeCommandSender.SendAsync(controlPlane, NodeCommandKind.DisconnectUser, node, time, context.CancellationToken, userName: request.UserName);
        }

        var response = new DisconnectUserResponse { SessionCount = sessions.Count(s => s.UserName == request.UserName) };
        response.NodeIds.AddRange(nodes);
        return response;
    }

    private async Task WatchAsync(WatchSessionsRequest request, IGrpcStreamWriter<SessionEvent> responses, GrpcCallContext context)
    {
        CancellationToken cancellationToken = context.CancellationToken;
        await using IAsyncEnumerator<ControlPlane.Sessions.SessionEvent> live = events.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

        // Subscribe before the snapshot, so nothing falls between them (a session may then show twice: EXISTING, then STARTED).
        ValueTask<bool> first = live.MoveNextAsync();
        if (request.IncludeExisting)
        {
            IReadOnlyList<SessionRecord> existing = await controlPlane.Sessions.ListAsync(cancellationToken);
            Timestamp now = Timestamp.FromDateTimeOffset(time.GetUtcNow());
            foreach (SessionRecord session in existing.Where(s => Matches(s, request.UserName, request.NodeId)).OrderBy(s => s.SessionId, StringComparer.Ordinal))
            {
                await responses.WriteAsync(new SessionEvent { Kind = SessionEvent.Types.Kind.Existing, Session = ApiConvert.ToMessage(session), At = now }, cancellationToken);
            }
        }

        for (bool more = await first; more; more = await live.MoveNextAsync())
        {
            ControlPlane.Sessions.SessionEvent change = live.Current;
            if (Matches(change.Session, request.UserName, request.NodeId))
            {
                await responses.WriteAsync(ToMessage(change), cancellationToken);
            }
        }
    }

    private static bool Matches(SessionRecord session, string userName, string nodeId) =>
        (userName.Length == 0 || session.UserName == userName) && (nodeId.Length == 0 || session.NodeId == nodeId);

    private static SessionEvent ToMessage(ControlPlane.Sessions.SessionEvent change) => new()
    {
        Kind = change.Kind switch
        {
            SessionEventKind.Started => SessionEvent.Types.Kind.Started,
            SessionEventKind.AddressAssigned => SessionEvent.Types.Kind.AddressAssigned,
            _ => SessionEvent.Types.Kind.Ended,
        },
        Session = ApiConvert.ToMessage(change.Session),
        At = ApiConvert.Time(change.At),
    };
}
