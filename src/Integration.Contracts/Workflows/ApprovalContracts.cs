using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Integration.Contracts.Governance;

namespace Integration.Contracts.Workflows;

/// <summary>Where a task stands: waiting, or decided (by reviewers, by the governance rules, or by its SLA).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("approved")]
    Approved,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("changes-requested")]
    ChangesRequested,

    [JsonStringEnumMemberName("auto-approved")]
    AutoApproved,

    [JsonStringEnumMemberName("auto-rejected")]
    AutoRejected,
}

/// <summary>How many must approve: the first reviewer's decision, every assignee's, or a quorum.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalMode>))]
public enum ApprovalMode
{
    [JsonStringEnumMemberName("first")]
    First,

    [JsonStringEnumMemberName("all")]
    All,

    [JsonStringEnumMemberName("quorum")]
    Quorum,
}

/// <summary>What happens when a task passes its SLA.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlaAction>))]
public enum SlaAction
{
    /// <summary>Count a reminder and give the reviewers another SLA period.</summary>
    [JsonStringEnumMemberName("remind")]
    Remind,

    /// <summary>Add the admins to the assignees (and give another period).</summary>
    [JsonStringEnumMemberName("reassign")]
    Reassign,

    /// <summary>Decide the task as rejected.</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,
}

/// <summary>What one reviewer decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    [JsonStringEnumMemberName("approve")]
    Approve,

    /// <summary>Approve an edited output; before and after are kept.</summary>
    [JsonStringEnumMemberName("edit-approve")]
    EditApprove,

    [JsonStringEnumMemberName("reject")]
    Reject,

    /// <summary>Send back with a comment saying what to change.</summary>
    [JsonStringEnumMemberName("request-changes")]
    RequestChanges,
}

/// <summary>How the inbox is sorted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboxOrder>))]
public enum InboxOrder
{
    [JsonStringEnumMemberName("age")]
    Age,

    [JsonStringEnumMemberName("sla")]
    Sla,

    [JsonStringEnumMemberName("uncertainty")]
    Uncertainty,
}

/// <summary>The outcomes an approval gate's connections carry.</summary>
public static class GateOutcomes
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string ChangesRequested = "changes-requested";
}

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
    IReadOnlyList<ModelStepRecord>? Models = null,
    JsonNode? OutputSchema = null)
{
    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>The proposal's <c>armsAgree</c>: false when the arms of an A/B split labelled the case differently; null when not compared.</summary>
    public bool? ArmsAgree => Proposal?["armsAgree"] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? value.GetValue<bool>() : null;

    /// <summary>The model's confidence in the proposal (its <c>confidence</c> field), when it says.</summary>
    public double? Confidence => Proposal?["confidence"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        ? double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
        : null;

    /// <summary>What goes on from the gate: the last edit a reviewer approved, else the proposal.</summary>
    public JsonNode? FinalOutput => Decisions.LastOrDefault(d => d.Decision == ReviewDecision.EditApprove)?.Output ?? Proposal;

    public bool IsAssignedTo(string user, IEnumerable<string> roles) =>
        Assignees.Contains(user) || roles.Any(role => Assignees.Contains($"role:{role}"));
}

public sealed record DecisionRequest(string? Decision, JsonNode? Output, string? Comment);

/// <param name="Placeholder">As the case shows it: <c>&lt;EMAIL_1&gt;</c>.</param>
public sealed record RevealAsk(string? Placeholder);

/// <summary>The value behind a placeholder, for the person the governance policy let see it (the ask is in the governance audit).</summary>
public sealed record RevealedValue(string Placeholder, string Value, string Kind, string? Policy);

/// <summary>
/// One model step an instance ran before its gate, as the model saw it: its input with every redacted value as its
/// placeholder, which model (arm) and version answered, and what it answered.
/// </summary>
/// <param name="Requested">The model the step named; <paramref name="Served"/> differs for an A/B arm or a fallback.</param>
/// <param name="Cost">What the inference service priced the call at (its model's cost per 1k tokens); null where unpriced or recorded before.</param>
public sealed record ModelStepRecord(
    string Step, string Activity, string? Requested, string? Served, string? Revision, JsonObject Input, JsonNode? Output, long TokensIn, long TokensOut,
    double? DurationMs, double? Cost = null);
