using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Approvals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Workflows.Feedback;

public static partial class FeedbackEndpoints
{
    private const int MaxPage = 1_000;

    // Lines are read by fine-tuning tools, not put in a page: placeholders stay <PERSON_1>, not \u003CPERSON_1\u003E.
    private static readonly JsonSerializerOptions Lines = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var feedback = app.MapGroup("/v1/feedback").WithTags("Feedback").RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
        feedback.MapGet("/examples", async (FeedbackStore store, int? count) => TypedResults.Ok(await store.RecentAsync(Math.Clamp(count ?? 50, 1, 500))));
        feedback.MapGet("/records", Records);
        feedback.MapGet("/export", Export);
    }

    /// <summary>Records oldest first from a cursor (the <c>next</c> of the page before), filtered by workflow, decision and time.</summary>
    private static async Task<Results<Ok<FeedbackPage>, ValidationProblem>> Records(FeedbackStore store, string? cursor, int? count, string? workflow,
        string? decision, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (Problems(cursor, decision, out var filter, workflow, from, to) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        return TypedResults.Ok(await store.ReadAsync(cursor, Math.Clamp(count ?? 100, 1, MaxPage), filter));
    }

    /// <summary>
    /// The examples of the records from a cursor as JSON lines (<c>application/x-ndjson</c>) in a fine-tuning shape; the
    /// cursor to go on from is in <c>X-Next-Cursor</c> (absent at the end).
    /// </summary>
    private static async Task<IResult> Export(HttpContext http, FeedbackStore store, string? format, string? cursor, int? count, string? workflow,
        string? decision, DateTimeOffset? from, DateTimeOffset? to)
    {
        var problems = Problems(cursor, decision, out var filter, workflow, from, to);
        var shape = WireNames.FromWireName<ExportFormat>(format ?? "chat");
        if (shape is null)
        {
            problems["format"] = [$"The format is one of {string.Join(", ", Enum.GetValues<ExportFormat>().Select(f => f.WireName()))}."];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var page = await store.ReadAsync(cursor, Math.Clamp(count ?? 500, 1, MaxPage), filter);
        if (page.Next is { } next)
        {
            http.Response.Headers["X-Next-Cursor"] = next;
        }

        var lines = new StringBuilder();
        foreach (var example in page.Records.SelectMany(FeedbackExport.Examples))
        {
            lines.Append(FeedbackExport.Line(example, shape!.Value).ToJsonString(Lines)).Append('\n');
        }

        return TypedResults.Text(lines.ToString(), "application/x-ndjson", Encoding.UTF8);
    }

    private static Dictionary<string, string[]> Problems(string? cursor, string? decision, out FeedbackFilter filter, string? workflow, DateTimeOffset? from, DateTimeOffset? to)
    {
        var problems = new Dictionary<string, string[]>();
        if (cursor is not null && !StreamId().IsMatch(cursor))
        {
            problems["cursor"] = ["The cursor is the next of an earlier page, e.g. 1764662400000-0."];
        }

        var status = decision is null ? null : WireNames.FromWireName<ApprovalStatus>(decision);
        if (decision is not null && status is null)
        {
            problems["decision"] = [$"The decision is one of {string.Join(", ", Enum.GetValues<ApprovalStatus>().Where(s => s != ApprovalStatus.Pending).Select(s => s.WireName()))}."];
        }

        if (from is not null && to is not null && from >= to)
        {
            problems["to"] = ["to is after from."];
        }

        filter = new FeedbackFilter(workflow, status, from, to);
        return problems;
    }

    [GeneratedRegex(@"^\d{1,20}-\d{1,20}$")]
    private static partial Regex StreamId();
}
