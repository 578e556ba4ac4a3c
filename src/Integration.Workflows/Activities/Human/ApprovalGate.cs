using System.Text.Json.Nodes;
using Integration.Workflows.Approvals;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities.Human;

public sealed record ApprovalGateInputs(
    [property: Input("Users or roles (role:reviewer)")] IReadOnlyList<string> Assignees,
    [property: Input("first | all | quorum")] ApprovalMode Mode = ApprovalMode.First,
    [property: Input("Approvals needed in quorum mode")] int? Quorum = null,
    [property: Input("What the reviewer sees as the task", Kind = InputKind.Template)] string? Subject = null,
    [property: Input("The output under review", Kind = InputKind.Expression)] JsonNode? Proposal = null,
    [property: Input("JSON Schema of the output: the task page's form, and an edit that does not fit it is refused")] JsonObject? OutputSchema = null,
    [property: Input("Time to decide, e.g. PT4H")] string? Sla = null,
    [property: Input("remind | reassign | reject")] SlaAction OnSlaBreach = SlaAction.Remind);

/// <summary>
/// Waits for reviewers; the instance's host opens the task (<see cref="ApprovalCoordinator"/>), which the governance rules may
/// decide at once, and resumes the gate with the decision. The gate's inputs are kept with its bookmark for the task.
/// </summary>
[Activity(TypeName, "Human", "Approval gate",
    "Waits for reviewers (by user or role; first response, all, or quorum) unless the governance rules auto-approve; approve, reject, edit-and-approve or request changes.",
    Outcomes = [GateOutcomes.Approved, GateOutcomes.Rejected, GateOutcomes.ChangesRequested], Waits = true)]
[Output("decision", "string", "approved | rejected | changes-requested")]
[Output("output", "object", "The approved (possibly edited) output")]
[Output("decidedBy", "array", "Who decided")]
public sealed class ApprovalGate : Activity<ApprovalGateInputs>, IChecksItsNode
{
    public const string TypeName = "approval.gate";

    /// <summary>A gate nobody could decide is refused when saved: at least one assignee, each a user's name or a role a person holds.</summary>
    public IEnumerable<ValidationError> Problems(ActivityNode node, WorkflowDefinition definition, string path) =>
        node.Inputs?.GetValueOrDefault("assignees") is { ValueKind: System.Text.Json.JsonValueKind.Array } assignees
            ? Assignment.Problems(assignees, $"{path}.inputs.assignees").Select(p => new ValidationError(p.Path, p.Message))
            : [];

    protected override Task<StepResult> RunAsync(StepContext context, ApprovalGateInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult>(new StepResult.Waiting(BookmarkKind.Approval, null, context.Inputs.DeepClone().AsObject()));
}
