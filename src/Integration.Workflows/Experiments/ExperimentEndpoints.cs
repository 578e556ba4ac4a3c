using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Feedback;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Workflows.Experiments;

public static class ExperimentEndpoints
{
    // A report reads at most this many records of the workflow (the newest experiments are what matter).
    private const int MaxRecords = 20_000;

    public static void MapExperimentEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(WorkflowApiRoutes.Experiments + "/{workflow}/{step}", Report).WithTags("Experiments").RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));

    /// <summary>The arms that answered a workflow's model step, how each fared at its gate, and whether they differ.</summary>
    private static async Task<Ok<ExperimentReport>> Report(string workflow, string step, FeedbackStore store, DateTimeOffset? from, DateTimeOffset? to)
    {
        var records = new List<FeedbackRecord>();
        string? cursor = null;
        while (records.Count < MaxRecords)
        {
            var page = await store.ReadAsync(cursor, 1_000, new FeedbackFilter(workflow, From: from, To: to));
            records.AddRange(page.Records);
            if (page.Next is null || page.Next == cursor)
            {
                break;
            }

            cursor = page.Next;
        }

        return TypedResults.Ok(ArmReport.Of(workflow, step, records));
    }
}
