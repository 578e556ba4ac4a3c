using System.Text.Json.Serialization;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;

namespace Integration.Workflows.Cluster;

/// <summary>One silo of the workflow service's Orleans cluster, as the cluster's membership sees it.</summary>
public sealed record SiloView(
    string Address,
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<SiloStatus>))] SiloStatus Status,
    DateTimeOffset StartedAt);

public static class ClusterEndpoints
{
    /// <summary>GET /v1/cluster/silos: the silos of the cluster (every replica of the workflow service), for admins.</summary>
    public static void MapClusterEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/cluster/silos", async Task<Ok<SiloView[]>> (IGrainFactory grains) =>
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
                return TypedResults.Ok(hosts
                    .Select(h => new SiloView(h.SiloAddress.ToString(), h.SiloName, h.Status, new DateTimeOffset(h.StartTime, TimeSpan.Zero)))
                    .OrderBy(s => s.Address, StringComparer.Ordinal)
                    .ToArray());
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Admin)).WithTags("Cluster");
}
