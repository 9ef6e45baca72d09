using System.Net;
using SstpFarm.Api.Grpc;
using SstpFarm.Api.V1;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Protocol.Auth;

namespace SstpFarm.Api.Services;

/// <summary>
/// sstpfarm.v1.UserService over <see cref="IUserAdministration"/>. Passwords are turned into NT
/// hashes here and forgotten; the clear text is kept only when the caller asks for a reversible
/// secret (CHAP-MD5).
/// </summary>
public sealed class UserService(IUserAdministration users) : IGrpcService
{
    public const string ServiceName = "sstpfarm.v1.UserService";

    /// <summary>RFC 2759 §8.3 (NtPasswordHash): a password is 0 to 256 Unicode characters.</summary>
    public const int MaxPasswordLength = 256;

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(UsersReflection.Descriptor);
        methods.AddUnary<ListUsersRequest, ListUsersResponse>(ServiceName, "ListUsers", ApiAccess.Read, ListUsersRequest.Parser, ListAsync);
        methods.AddUnary<AddUserRequest, User>(ServiceName, "AddUser", ApiAccess.Admin, AddUserRequest.Parser, AddAsync);
        methods.AddUnary<SetPasswordRequest, User>(ServiceName, "SetPassword", ApiAccess.Admin, SetPasswordRequest.Parser, SetPasswordAsync);
        methods.AddUnary<RemoveUserRequest, RemoveUserResponse>(ServiceName, "RemoveUser", ApiAccess.Admin, RemoveUserRequest.Parser, RemoveAsync);
    }

    private async ValueTask<ListUsersResponse> ListAsync(ListUsersRequest request, GrpcCallContext context)
    {
        UserListResult result = await users.ListAsync(context.CancellationToken);
        if (!result.Available || result.Users is null)
        {
            throw ApiErrors.Unavailable("user store");
        }

        var response = new ListUsersResponse();
        response.Users.AddRange(result.Users.Select(ApiConvert.ToMessage));
        return response;
    }

    private async ValueTask<User> AddAsync(AddUserRequest request, GrpcCallContext context)
    {
        ValidateName(request.Name);
        byte[] hash = HashPassword(request.Password);
        IPAddress? address = null;
        if (request.StaticAddress.Length > 0 && !Ipv4.TryParse(request.StaticAddress, out address))
        {
            throw ApiErrors.InvalidArgument("static_address", $"'{request.StaticAddress}' is not an IPv4 address");
        }

        var user = new LocalUser(request.Name, hash, address, request.KeepReversibleSecret ? request.Password : null);
        return Outcome(await users.AddAsync(user, context.CancellationToken), request.Name);
    }

    private async ValueTask<User> SetPasswordAsync(SetPasswordRequest request, GrpcCallContext context)
    {
        ValidateName(request.Name);
        byte[] hash = HashPassword(request.Password);
        return Outcome(await users.SetSecretAsync(request.Name, hash, request.KeepReversibleSecret ? request.Password : null, context.CancellationToken), request.Name);
    }

    private async ValueTask<RemoveUserResponse> RemoveAsync(RemoveUserRequest request, GrpcCallContext context)
    {
        ValidateName(request.Name);
        _ = Outcome(await users.RemoveAsync(request.Name, context.CancellationToken), request.Name, removing: true);
        return new RemoveUserResponse();
    }

    private static void ValidateName(string name)
    {
        if (UserNames.Validate(name) is { } problem)
        {
            throw ApiErrors.InvalidArgument("name", problem);
        }
    }

    private static byte[] HashPassword(string password)
    {
        if (password.Length == 0)
        {
            throw ApiErrors.InvalidArgument("password", "is empty");
        }

        if (password.Length > MaxPasswordLength)
        {
            throw ApiErrors.InvalidArgument("password", $"is longer than {MaxPasswordLength} characters (MS-CHAPv2's limit)");
        }

        byte[] hash = new byte[NtHash.Size];
        NtHash.Compute(password, hash);
        return hash;
    }

    private static User Outcome(UserEditResult result, string name, bool removing = false) => result.Change switch
    {
        UserChange.Done when result.User is not null => ApiConvert.ToMessage(result.User),
        UserChange.Done when removing => new User { Name = name },
        UserChange.Done => throw new GrpcException(GrpcStatusCode.Internal, "the user store did not return the user"),
        UserChange.AlreadyExists or UserChange.ExistsWithDifferentCase => throw new GrpcException(GrpcStatusCode.AlreadyExists, $"user '{name}': {UserFile.Describe(result.Change)}"),
        UserChange.StaticAddressTaken => throw new GrpcException(GrpcStatusCode.FailedPrecondition, $"static_address: {UserFile.Describe(result.Change)}"),
        UserChange.NotFound => throw ApiErrors.NotFound($"no user '{name}'"),
        UserChange.Unavailable => throw ApiErrors.Unavailable("user store"),
        _ => throw new GrpcException(GrpcStatusCode.Unknown, UserFile.Describe(result.Change)),
    };
}
