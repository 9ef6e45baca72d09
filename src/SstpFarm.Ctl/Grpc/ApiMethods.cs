using Google.Protobuf;
using Google.Protobuf.Reflection;
using SstpFarm.Api.Health.V1;
using SstpFarm.Api.V1;

namespace SstpFarm.Ctl.Grpc;

/// <summary>Every method of the operator API (proto/sstpfarm/v1) and grpc.health.v1.Health.Check.</summary>
internal static class ApiMethods
{
    public static readonly GrpcMethod<ListNodesRequest, ListNodesResponse> ListNodes = In(NodesReflection.Descriptor, "ListNodes", ListNodesRequest.Parser, ListNodesResponse.Parser);
    public static readonly GrpcMethod<GetNodeRequest, Node> GetNode = In(NodesReflection.Descriptor, "GetNode", GetNodeRequest.Parser, Node.Parser);
    public static readonly GrpcMethod<DrainNodeRequest, Node> DrainNode = In(NodesReflection.Descriptor, "DrainNode", DrainNodeRequest.Parser, Node.Parser);
    public static readonly GrpcMethod<ResumeNodeRequest, Node> ResumeNode = In(NodesReflection.Descriptor, "ResumeNode", ResumeNodeRequest.Parser, Node.Parser);

    public static readonly GrpcMethod<ListSessionsRequest, ListSessionsResponse> ListSessions = In(SessionsReflection.Descriptor, "ListSessions", ListSessionsRequest.Parser, ListSessionsResponse.Parser);
    public static readonly GrpcMethod<GetSessionRequest, Session> GetSession = In(SessionsReflection.Descriptor, "GetSession", GetSessionRequest.Parser, Session.Parser);
    public static readonly GrpcMethod<DisconnectSessionRequest, DisconnectSessionResponse> DisconnectSession = In(SessionsReflection.Descriptor, "DisconnectSession", DisconnectSessionRequest.Parser, DisconnectSessionResponse.Parser);
    public static readonly GrpcMethod<DisconnectUserRequest, DisconnectUserResponse> DisconnectUser = In(SessionsReflection.Descriptor, "DisconnectUser", DisconnectUserRequest.Parser, DisconnectUserResponse.Parser);
    public static readonly GrpcMethod<WatchSessionsRequest, SessionEvent> WatchSessions = In(SessionsReflection.Descriptor, "WatchSessions", WatchSessionsRequest.Parser, SessionEvent.Parser);

    public static readonly GrpcMethod<ListPoolsRequest, ListPoolsResponse> ListPools = In(PoolsReflection.Descriptor, "ListPools", ListPoolsRequest.Parser, ListPoolsResponse.Parser);
    public static readonly GrpcMethod<GetPoolUsageRequest, PoolUsage> GetPoolUsage = In(PoolsReflection.Descriptor, "GetPoolUsage", GetPoolUsageRequest.Parser, PoolUsage.Parser);
    public static readonly GrpcMethod<ListLeasesRequest, ListLeasesResponse> ListLeases = In(PoolsReflection.Descriptor, "ListLeases", ListLeasesRequest.Parser, ListLeasesResponse.Parser);

    public static readonly GrpcMethod<GetTicketKeyStatusRequest, TicketKeyStatus> GetTicketKeyStatus = In(TicketKeysReflection.Descriptor, "GetTicketKeyStatus", GetTicketKeyStatusRequest.Parser, TicketKeyStatus.Parser);
    public static readonly GrpcMethod<RotateTicketKeysRequest, TicketKeyStatus> RotateTicketKeys = In(TicketKeysReflection.Descriptor, "RotateTicketKeys", RotateTicketKeysRequest.Parser, TicketKeyStatus.Parser);

    public static readonly GrpcMethod<ListUsersRequest, ListUsersResponse> ListUsers = In(UsersReflection.Descriptor, "ListUsers", ListUsersRequest.Parser, ListUsersResponse.Parser);
    public static readonly GrpcMethod<AddUserRequest, User> AddUser = In(UsersReflection.Descriptor, "AddUser", AddUserRequest.Parser, User.Parser);
    public static readonly GrpcMethod<SetPasswordRequest, User> SetPassword = In(UsersReflection.Descriptor, "SetPassword", SetPasswordRequest.Parser, User.Parser);
    public static readonly GrpcMethod<RemoveUserRequest, RemoveUserResponse> RemoveUser = In(UsersReflection.Descriptor, "RemoveUser", RemoveUserRequest.Parser, RemoveUserResponse.Parser);

    public static readonly GrpcMethod<HealthCheckRequest, HealthCheckResponse> HealthCheck = In(HealthReflection.Descriptor, "Check", HealthCheckRequest.Parser, HealthCheckResponse.Parser);

    // Each .proto file of the API declares one service.
    private static GrpcMethod<TRequest, TResponse> In<TRequest, TResponse>(FileDescriptor file, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse> =>
        GrpcMethod<TRequest, TResponse>.Of(file.Services.Single(), name, request, response);
}
