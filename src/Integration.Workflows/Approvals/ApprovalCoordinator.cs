using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Integration.Workflows.Activities.Human;
using Integration.Workflows.Feedback;
using Integration.Workflows.Runtime;
using Integration.Workflows.Services;

namespace Integration.Workflows.Approvals;

public sealed class ApprovalConflictException(string message) : Exception(message);

/// <summary>
/// Opens a task when an instance reaches an approval gate (unless the governance service's approval rules decide
/// without a human; the reason is kept either way), takes reviewers' decisions, and resumes the instance once the
/// gate's mode (first, all, quorum) is satisfied. Every outcome (a reviewer's, the rules', the SLA's) becomes a feedback record.
/// </summary>
public sealed class ApprovalCoordinator(ApprovalStore store, GovernanceClient governance, IGrainFactory grains, Kpis.KpiRecorder kpis, FeedbackRecorder feedback,
    Activities.ActivityCatalog catalog, TimeProvider time, ILogger<ApprovalCoordinator> logger)
{
    public static string TaskId(InstanceState state, Bookmark bookmark) => $"{state.Id}:{bookmark.ActivityId}:{state.Visits.GetValueOrDefault(bookmark.ActivityId)}";

    /// <summary>A task for the gate; or, when no human is needed (or a decision already stands), the outcome to resume with.</summary>
    public async Task<(string Outcome, JsonObject Outputs)?> OpenAsync(InstanceState state, Bookmark bookmark)
    {
        var id = TaskId(state, bookmark);
        if (await store.FindAsync(id) is { } existing)
        {
            return existing.IsPending ? null : Resolution(existing);
        }

        var gate = ApprovalGate.Read(bookmark.Data ?? []);
        var proposal = gate.Proposal?.DeepClone();
        var verdict = await GovernanceAsync(state, proposal);
        var assignees = Assignment.Of(gate.Assignees, verdict);

        var status = verdict?.Decision switch { ApprovalOutcome.AutoApprove => ApprovalStatus.AutoApproved, ApprovalOutcome.Deny => ApprovalStatus.AutoRejected, _ => ApprovalStatus.Pending };
        var (task, added) = await store.AddAsync(new ApprovalTask(id, state.Id, state.DefinitionId, state.Version, bookmark.ActivityId, bookmark.TokenId,
            gate.Subject, proposal, assignees, gate.Mode, gate.Quorum ?? 1,
            status, null, [], time.GetUtcNow(), gate.Sla is { } sla ? time.GetUtcNow() + XmlConvert.ToTimeSpan(sla) : null, verdict,
            gate.OnSlaBreach, Models: ModelSteps.Of(state, catalog), OutputSchema: gate.OutputSchema?.DeepClone()));
        if (task.IsPending)
        {
            return null;
        }

        if (added)
        {
            await feedback.RecordAsync(task, DecisionSource.Rules);
        }

        return Resolution(task);
    }

    /// <summary>The outcome of the gate's task if it was decided; null while it waits (or has no task yet).</summary>
    public async Task<(string Outcome, JsonObject Outputs)?> DecisionAsync(InstanceState state, Bookmark gate) =>
        await store.FindAsync(TaskId(state, gate)) is { IsPending: false } decided ? Resolution(decided) : null;

    /// <summary>When the gate's pending task is due (its SLA), for the grain's wake-up.</summary>
    public async Task<DateTimeOffset?> DueAsync(InstanceState state, Bookmark gate) =>
        await store.FindAsync(TaskId(state, gate)) is { IsPending: true, DueAt: { } due } ? due : null;

    /// <summary>
    /// A task past its SLA: <see cref="SlaAction"/> says what happens (the outcome to resume with is returned when it
    /// decides the task).
    /// </summary>
    public async Task<(string Outcome, JsonObject Outputs)?> SlaBreachedAsync(InstanceState state, Bookmark gate)
    {
        if (await store.FindAsync(TaskId(state, gate)) is not { IsPending: true, DueAt: { } due } task || due > time.GetUtcNow())
        {
            return null;
        }

        var period = ApprovalGate.Read(gate.Data ?? []).Sla is { } sla ? XmlConvert.ToTimeSpan(sla) : TimeSpan.FromHours(4);
        var changed = task.OnSlaBreach switch
        {
            SlaAction.Reject => task with
            {
                Status = ApprovalStatus.Rejected,
                Decisions = [.. task.Decisions, new ApprovalDecisionRecord("sla", ReviewDecision.Reject, null, "No decision within the SLA.", time.GetUtcNow())],
            },
            SlaAction.Reassign => task with
            {
                Assignees = task.Assignees.Contains("role:admin") ? task.Assignees : [.. task.Assignees, "role:admin"],
                Reminders = task.Reminders + 1, DueAt = time.GetUtcNow() + period,
            },
            _ => task with { Reminders = task.Reminders + 1, DueAt = time.GetUtcNow() + period },
        };
        if (!await store.ReplaceAsync(task, changed))
        {
            return null; // decided meanwhile
        }

        logger.LogWarning("Approval task {Task} passed its SLA: {Action}", task.Id, task.OnSlaBreach);
        if (task.OnSlaBreach == SlaAction.Reassign && !task.Assignees.Contains("role:admin"))
        {
            kpis.Escalated(task.DefinitionId, task.Version);
        }

        if (changed.IsPending)
        {
            return null;
        }

        await feedback.RecordAsync(changed, DecisionSource.Sla);
        return Resolution(changed);
    }

    public async Task<ApprovalTask> ClaimAsync(string id, string user, IReadOnlyList<string> roles)
    {
        var task = await Assigned(id, user, roles);
        if (task.ClaimedBy is { } other && other != user)
        {
            throw new ApprovalConflictException($"Task '{id}' is claimed by {other}.");
        }

        var claimed = task with { ClaimedBy = user };
        return await store.ReplaceAsync(task, claimed) ? claimed : throw new ApprovalConflictException($"Task '{id}' changed meanwhile; look again.");
    }

    /// <summary>approve, edit-approve (with the edited output), reject, or request-changes (with a comment).</summary>
    public async Task<ApprovalTask> DecideAsync(string id, string user, IReadOnlyList<string> roles, ReviewDecision decision, JsonNode? output, string? comment)
    {
        if (await RepeatedDecisionAsync(id, user, roles, decision, output) is { } repeated)
        {
            return repeated;
        }

        var task = await Assigned(id, user, roles);
        if (task.ClaimedBy is { } other && other != user)
        {
            throw new ApprovalConflictException($"Task '{id}' is claimed by {other}.");
        }

        if (task.Decisions.Any(d => d.By == user))
        {
            throw new ApprovalConflictException($"{user} has decided on task '{id}' already.");
        }

        if (decision == ReviewDecision.EditApprove && task.OutputSchema is JsonObject schema && await OutputSchemas.ProblemsAsync(schema, output) is { Count: > 0 } problems)
        {
            throw new ApprovalOutputInvalidException(problems);
        }

        var decisions = task.Decisions.Append(new ApprovalDecisionRecord(user, decision, output?.DeepClone(), comment, time.GetUtcNow())).ToList();
        var approvals = decisions.Count(d => d.Decision is ReviewDecision.Approve or ReviewDecision.EditApprove);
        var needed = task.Mode switch { ApprovalMode.All => task.Assignees.Count, ApprovalMode.Quorum => task.Quorum, _ => 1 };
        var status = decision switch
        {
            ReviewDecision.Reject => ApprovalStatus.Rejected,
            ReviewDecision.RequestChanges => ApprovalStatus.ChangesRequested,
            _ => approvals >= needed ? ApprovalStatus.Approved : ApprovalStatus.Pending,
        };
        var decided = task with { Decisions = decisions, Status = status };
        if (!await store.ReplaceAsync(task, decided))
        {
            throw new ApprovalConflictException($"Task '{id}' changed meanwhile; look again.");
        }

        if (!decided.IsPending)
        {
            var (outcome, outputs) = Resolution(decided);
            await feedback.RecordAsync(decided, DecisionSource.Reviewer);
            await kpis.ApprovalDecidedAsync(decided.InstanceId, decided.DefinitionId, decided.Version, time.GetUtcNow() - decided.CreatedAt,
                edited: decisions.Any(d => d.Decision == ReviewDecision.EditApprove));
            await grains.GetGrain<IWorkflowInstanceGrain>(decided.InstanceId).ResumeAsync(new Resumption(decided.TokenId, outcome, outputs));
        }

        return decided;
    }

    /// <summary>
    /// The same decision by the same reviewer again, as a client sends after its first try answered 503 (Redis away): the
    /// decision was kept; it is applied if it was not (the instance resumes once, whatever number of times this runs).
    /// </summary>
    private async Task<ApprovalTask?> RepeatedDecisionAsync(string id, string user, IReadOnlyList<string> roles, ReviewDecision decision, JsonNode? output)
    {
        if (await store.FindAsync(id) is not { IsPending: false } task || !task.IsAssignedTo(user, roles) ||
            task.Decisions.LastOrDefault() is not { } last || last.By != user || last.Decision != decision || !JsonNode.DeepEquals(last.Output, output))
        {
            return null;
        }

        var (outcome, outputs) = Resolution(task);
        await grains.GetGrain<IWorkflowInstanceGrain>(task.InstanceId).ResumeAsync(new Resumption(task.TokenId, outcome, outputs));
        return task;
    }

    private async Task<ApprovalTask> Assigned(string id, string user, IReadOnlyList<string> roles)
    {
        // Whether the task is theirs comes first: someone it is not assigned to learns nothing of its state.
        var task = await store.FindAsync(id) ?? throw new KeyNotFoundException($"There is no approval task '{id}'.");
        if (!task.IsAssignedTo(user, roles))
        {
            throw new UnauthorizedAccessException($"Task '{id}' is not assigned to {user} or to a role of theirs.");
        }

        return task.IsPending ? task : throw new ApprovalConflictException($"Task '{id}' is decided already ({task.Status}).");
    }

    private static (string Outcome, JsonObject Outputs) Resolution(ApprovalTask task)
    {
        var last = task.Decisions.LastOrDefault();
        var output = task.FinalOutput;
        var outcome = task.Status switch
        {
            ApprovalStatus.Approved or ApprovalStatus.AutoApproved => GateOutcomes.Approved,
            ApprovalStatus.ChangesRequested => GateOutcomes.ChangesRequested,
            _ => GateOutcomes.Rejected,
        };
        return (outcome, new JsonObject
        {
            ["decision"] = task.Status.WireName(),
            ["output"] = output?.DeepClone(),
            ["decidedBy"] = new JsonArray(task.Decisions.Select(d => (JsonNode)d.By).DefaultIfEmpty("governance").ToArray()),
            ["comment"] = last?.Comment,
            ["reason"] = task.Governance?.Rule,
        });
    }

    /// <summary>The governance service's approval rules decide whether a human is needed; unreachable, a human is.</summary>
    private async Task<ApprovalDecideResponse?> GovernanceAsync(InstanceState state, JsonNode? proposal)
    {
        var redacted = state.Placeholders.Count;
        var context = new ApprovalGateContext(
            // A number may be held as any CLR type; its JSON text reads the same either way.
            proposal?["confidence"] is JsonValue confidence && confidence.GetValueKind() == JsonValueKind.Number
                ? double.Parse(confidence.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null,
            proposal?["category"] is JsonValue category && category.GetValueKind() == JsonValueKind.String ? category.GetValue<string>() : null,
            new GateFindings(Total: redacted, Pii: redacted, Injection: 0),
            proposal?["grounded"] is JsonValue grounded && grounded.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? grounded.GetValue<bool>() : null);
        try
        {
            return await governance.DecideApprovalAsync(new ApprovalDecideRequest(state.DefinitionId, JsonSerializer.SerializeToElement(context, ServiceCalls.Json)), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Whatever stops the rule check (a refused connection, an open circuit, a timeout), a human decides: never less review.
            logger.LogWarning("The governance service could not decide on approval for {Instance}: {Reason}; a human decides", state.Id, e.Message);
            return null;
        }
    }
}
