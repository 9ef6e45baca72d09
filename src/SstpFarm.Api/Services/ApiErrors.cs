using SstpFarm.Api.Grpc;

namespace SstpFarm.Api.Services;

/// <summary>The statuses the services end calls with; messages name the field and say why.</summary>
internal static class ApiErrors
{
    public static GrpcException InvalidArgument(string field, string why) => new(GrpcStatusCode.InvalidArgument, $"{field}: {why}");

    public static GrpcException NotFound(string what) => new(GrpcStatusCode.NotFound, what);

    public static GrpcException Unavailable(string what) => new(GrpcStatusCode.Unavailable, $"the control plane could not be reached ({what}); nothing changed, retry later");

    /// <summary>Fails with INVALID_ARGUMENT when the field is empty.</summary>
    public static string Required(string value, string field) =>
        string.IsNullOrEmpty(value) ? throw InvalidArgument(field, "is required") : value;
}
