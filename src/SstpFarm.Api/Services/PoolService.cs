using SstpFarm.Api.Grpc;
using SstpFarm.Api.V1;
using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.Api.Services;

/// <summary>
/// sstpfarm.v1.PoolService. The control plane exposes pools by name only, so the networks of each
/// pool come from the node's configuration (<paramref name="networks"/>, by pool name).
/// </summary>
public sealed class PoolService(IControlPlane controlPlane, IReadOnlyDictionary<string, IReadOnlyList<Ipv4Cidr>> networks) : IGrpcService
{
    public const string ServiceName = "sstpfarm.v1.PoolService";
    private const string PageKind = "leases";

    public void Register(GrpcMethodTable methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        methods.AddFile(PoolsReflection.Descriptor);
        methods.AddUnary<ListPoolsRequest, ListPoolsResponse>(ServiceName, "ListPools", ApiAccess.Read, ListPoolsRequest.Parser, ListPoolsAsync);
        methods.AddUnary<GetPoolUsageRequest, PoolUsage>(ServiceName, "GetPoolUsage", ApiAccess.Read, GetPoolUsageRequest.Parser,
            (r, c) => UsageAsync(Find(r.Pool), c.CancellationToken));
        methods.AddUnary<ListLeasesRequest, ListLeasesResponse>(ServiceName, "ListLeases", ApiAccess.Read, ListLeasesRequest.Parser, ListLeasesAsync);
    }

    private async ValueTask<ListPoolsResponse> ListPoolsAsync(ListPoolsRequest request, GrpcCallContext context)
    {
        var response = new ListPoolsResponse();
        IEnumerable<string> names = networks.Keys.Append(controlPlane.DefaultPool.Name).Distinct().Order(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (controlPlane.TryGetPool(name, out IIpPool? pool))
            {
                response.Pools.Add(await UsageAsync(pool, context.CancellationToken));
            }
        }

        return response;
    }

    private IIpPool Find(string name)
    {
        if (name.Length == 0)
        {
            return controlPlane.DefaultPool;
        }

        return controlPlane.TryGetPool(name, out IIpPool? pool) ? pool : throw ApiErrors.NotFound($"no pool '{name}'");
    }

    private async ValueTask<PoolUsage> UsageAsync(IIpPool pool, CancellationToken cancellationToken) =>
        ApiConvert.ToMessage(pool.Name, networks.GetValueOrDefault(pool.Name) ?? [], await pool.GetUsageAsync(cancellationToken));

    private async ValueTask<ListLeasesResponse> ListLeasesAsync(ListLeasesRequest request, GrpcCallContext context)
    {
        IIpPool pool = Find(request.Pool);
        int size = PageToken.Size(request.PageSize);
        string? after = PageToken.Decode(PageKind, request.PageToken);
        if (after is not null && !Ipv4.TryParse(after, out uint _))
        {
            throw ApiErrors.InvalidArgument("page_token", "is not a token this server issued for this list");
        }

        IReadOnlyList<IpLease> leases = await pool.GetLeasesAsync(context.CancellationToken);
        IpLease[] matching = [.. leases
            .Where(l => (request.UserName.Length == 0 || l.UserName == request.UserName) && (request.NodeId.Length == 0 || l.NodeId == request.NodeId))
            .OrderBy(l => Ipv4.ToUInt32(l.Address))];

        // Keys compare as addresses, not strings: 10.0.0.9 comes before 10.0.0.10.
        var byAddress = Comparer<string>.Create((a, b) => (Ipv4.TryParse(a, out uint x) ? x : 0).CompareTo(Ipv4.TryParse(b, out uint y) ? y : 0));
        (IReadOnlyList<IpLease> page, string next) = PageToken.Take(matching, l => l.Address.ToString(), byAddress, PageKind, after, size);
        var response = new ListLeasesResponse { NextPageToken = next, TotalSize = matching.Length };
        response.Leases.AddRange(page.Select(ApiConvert.ToMessage));
        return response;
    }
}
