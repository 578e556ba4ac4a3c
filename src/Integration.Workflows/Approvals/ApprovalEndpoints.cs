using System.Security.Claims;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Workflows.Approvals;

/// <summary>The reviewers' inbox: my pending tasks (by user or role), claim, decide. A second decision on a decided task is 409.</summary>
public static class ApprovalEndpoints
{

    public static void MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup(WorkflowApiRoutes.Approvals).WithTags("Approvals");
        // Oldest first; or by SLA (due first), or by uncertainty (cases the arms of an A/B split labelled differently, then
        // the model's least confident proposals: where a reviewer's decision teaches the model most).
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
                InboxOrder.Uncertainty => mine.OrderBy(t => t.ArmsAgree == false ? 0 : 1).ThenBy(t => t.Confidence ?? double.MaxValue).ThenBy(t => t.CreatedAt),
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
        deciders.MapPost("/{id}/reveal", RevealAsync);
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

    /// <summary>
    /// The value behind one placeholder of a task's case, if the workflow's governance policy lets the caller's roles see
    /// its kind (403 with the policy's reason if not). Governance decides and audits; the value never leaves this service
    /// otherwise.
    /// </summary>
    private static async Task<IResult> RevealAsync(string id, RevealAsk ask, ClaimsPrincipal user, ApprovalStore store, IGrainFactory grains, Services.GovernanceClient governance,
        CancellationToken cancellationToken)
    {
        if (ask.Placeholder is not { Length: > 2 and <= 100 } placeholder || !placeholder.StartsWith('<') || !placeholder.EndsWith('>'))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.placeholder"] = ["Name a placeholder as the case shows it, like <EMAIL_1>."] });
        }

        if (await store.FindAsync(id) is not { } task)
        {
            return TypedResults.Problem($"There is no approval task '{id}'.", statusCode: 404);
        }

        if (!task.IsAssignedTo(Name(user), RolesOf(user)) && !RolesOf(user).Contains(Roles.Admin))
        {
            return TypedResults.Problem($"Task '{id}' is not assigned to you or to a role of yours.", statusCode: 403);
        }

        if (await grains.GetGrain<Runtime.IWorkflowInstanceGrain>(task.InstanceId).PlaceholderValueAsync(placeholder) is not { } value)
        {
            return TypedResults.Problem($"The case of task '{id}' has no placeholder {placeholder}.", statusCode: 404);
        }

        RevealDecision decision;
        try
        {
            decision = await governance.RevealAsync(new RevealRequest(task.DefinitionId, placeholder, Name(user), RolesOf(user), task.Id), cancellationToken);
        }
        catch (Exception e) when (e is Services.ServiceCallException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem($"The governance service could not be asked whether you may see it, so it stays hidden ({e.Message}).", statusCode: 503);
        }

        return decision.Allowed
            ? TypedResults.Ok(new RevealedValue(placeholder, value, decision.Kind, decision.Policy))
            : TypedResults.Problem(decision.Reason, statusCode: 403, extensions: new Dictionary<string, object?> { ["rule"] = decision.Rule, ["policy"] = decision.Policy });
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
        catch (ApprovalOutputInvalidException e)
        {
            return TypedResults.ValidationProblem(e.Problems, detail: "The edited output does not fit the gate's output schema; nothing was decided.");
        }
    }

    private static string Name(ClaimsPrincipal user) => user.FindFirstValue("sub") ?? "unknown";

    private static IReadOnlyList<string> RolesOf(ClaimsPrincipal user) => user.SuiteRoles();
}
