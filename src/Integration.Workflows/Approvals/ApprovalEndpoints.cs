using System.Security.Claims;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Workflows.Approvals;

public sealed record DecisionRequest(string? Decision, JsonNode? Output, string? Comment);

/// <summary>The reviewers' inbox: my pending tasks (by user or role), claim, decide. A second decision on a decided task is 409.</summary>
public static class ApprovalEndpoints
{

    public static void MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup("/v1/approvals").WithTags("Approvals");
        // Oldest first; or by SLA (due first), or by uncertainty (the model's least confident proposals first: where a
        // reviewer's decision teaches the model most).
        approvals.MapGet("/inbox", async Task<Results<Ok<IEnumerable<ApprovalTask>>, ValidationProblem>> (ClaimsPrincipal user, ApprovalStore store, string? order) =>
        {
            if (WireNames.FromWireName<InboxOrder>(order ?? "age") is not { } by)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["order"] = ["The order is age, sla or uncertainty."] });
            }

            var mine = (await store.PendingAsync()).Where(t => t.IsAssignedTo(Name(user), RolesOf(user)));
            return TypedResults.Ok(by switch
            {
                InboxOrder.Sla => mine.OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.CreatedAt),
                InboxOrder.Uncertainty => mine.OrderBy(t => t.Confidence ?? double.MaxValue).ThenBy(t => t.CreatedAt),
                _ => mine,
            });
        });
        // A task is about a customer: its assignees, their roles and admins see it; anyone else is told only that they may not.
        approvals.MapGet("/{id}", async Task<IResult> (string id, ClaimsPrincipal user, ApprovalStore store) =>
            await store.FindAsync(id) is not { } task ? TypedResults.Problem($"There is no approval task '{id}'.", statusCode: 404)
            : task.IsAssignedTo(Name(user), RolesOf(user)) || RolesOf(user).Contains(Roles.Admin) ? TypedResults.Ok(task)
            : TypedResults.Problem($"Task '{id}' is not assigned to you or to a role of yours.", statusCode: 403));
        // Reviewers (and admins) decide; the role is checked before anything about the task is looked at.
        var deciders = approvals.MapGroup("").RequireAuthorization(p => p.RequireRole(Roles.Reviewer, Roles.Admin));
        deciders.MapPost("/{id}/claim", (string id, ClaimsPrincipal user, ApprovalCoordinator coordinator) =>
            Answer(() => coordinator.ClaimAsync(id, Name(user), RolesOf(user))));
        deciders.MapPost("/{id}/decide", (string id, DecisionRequest request, ClaimsPrincipal user, ApprovalCoordinator coordinator) =>
        {
            var errors = new Dictionary<string, string[]>();
            var decision = WireNames.FromWireName<ReviewDecision>(request.Decision);
            if (decision is null)
            {
                errors["$.decision"] = [$"The decision is one of {string.Join(", ", Enum.GetValues<ReviewDecision>().Select(d => d.WireName()))}."];
            }
            else if (decision == ReviewDecision.EditApprove && request.Output is null)
            {
                errors["$.output"] = ["edit-approve brings the edited output."];
            }
            else if (decision == ReviewDecision.RequestChanges && string.IsNullOrWhiteSpace(request.Comment))
            {
                errors["$.comment"] = ["request-changes says what to change."];
            }

            return errors.Count > 0
                ? Task.FromResult<IResult>(TypedResults.ValidationProblem(errors))
                : Answer(() => coordinator.DecideAsync(id, Name(user), RolesOf(user), decision!.Value, request.Output, request.Comment));
        });
    }

    private static async Task<IResult> Answer(Func<Task<ApprovalTask>> action)
    {
        try
        {
            return TypedResults.Ok(await action());
        }
        catch (KeyNotFoundException e)
        {
            return TypedResults.Problem(e.Message, statusCode: 404);
        }
        catch (UnauthorizedAccessException e)
        {
            return TypedResults.Problem(e.Message, statusCode: 403);
        }
        catch (ApprovalConflictException e)
        {
            return TypedResults.Problem(e.Message, statusCode: 409);
        }
    }

    private static string Name(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "unknown";

    private static IReadOnlyList<string> RolesOf(ClaimsPrincipal user) => user.FindAll(TokenIssuer.RoleClaim).Select(c => c.Value).ToList();
}
