using System.Text.Json.Nodes;

namespace Integration.Workflows.Approvals;

/// <param name="By">The reviewer, or <c>sla</c> when the task's SLA decided.</param>
public sealed record ApprovalDecisionRecord(string By, ReviewDecision Decision, JsonNode? Output, string? Comment, DateTimeOffset At);

/// <summary>
/// A reviewer's task at an approval gate: what to decide on (the proposal), who may decide (users, or roles as
/// <c>role:reviewer</c>), how many must agree (first, all, quorum), and the decisions so far; <see cref="Models"/> are the
/// model steps that led to the proposal, as the models saw them (the reviewer's evidence, and the feedback record's).
/// </summary>
public sealed record ApprovalTask(
    string Id,
    string InstanceId,
    string DefinitionId,
    int Version,
    string ActivityId,
    string TokenId,
    string? Subject,
    JsonNode? Proposal,
    IReadOnlyList<string> Assignees,
    ApprovalMode Mode,
    int Quorum,
    ApprovalStatus Status,
    string? ClaimedBy,
    IReadOnlyList<ApprovalDecisionRecord> Decisions,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    ApprovalDecideResponse? Governance,
    SlaAction OnSlaBreach = SlaAction.Remind,
    int Reminders = 0,
    int Revision = 0,
    IReadOnlyList<Feedback.ModelStepRecord>? Models = null,
    JsonNode? OutputSchema = null)
{
    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>The proposal's <c>armsAgree</c>: false when the arms of an A/B split labelled the case differently; null when not compared.</summary>
    public bool? ArmsAgree => Proposal?["armsAgree"] is JsonValue value && value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
        ? value.GetValue<bool>() : null;

    /// <summary>The model's confidence in the proposal (its <c>confidence</c> field), when it says.</summary>
    public double? Confidence => Proposal?["confidence"] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number
        ? double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
        : null;

    /// <summary>What goes on from the gate: the last edit a reviewer approved, else the proposal.</summary>
    public JsonNode? FinalOutput => Decisions.LastOrDefault(d => d.Decision == ReviewDecision.EditApprove)?.Output ?? Proposal;

    public bool IsAssignedTo(string user, IEnumerable<string> roles) =>
        Assignees.Contains(user) || roles.Any(role => Assignees.Contains($"role:{role}"));
}
