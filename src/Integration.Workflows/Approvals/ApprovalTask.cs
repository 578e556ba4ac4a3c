using System.Text.Json.Nodes;

namespace Integration.Workflows.Approvals;

public sealed record ApprovalDecisionRecord(string By, string Decision, JsonNode? Output, string? Comment, DateTimeOffset At);

/// <summary>
/// A reviewer's task at an approval gate: what to decide on (the proposal), who may decide (users, or roles as
/// <c>role:reviewer</c>), how many must agree (first, all, quorum), and the decisions so far.
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
    string Mode,
    int Quorum,
    string Status,
    string? ClaimedBy,
    IReadOnlyList<ApprovalDecisionRecord> Decisions,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt,
    ApprovalDecideResponse? Governance,
    string OnSlaBreach = "remind",
    int Reminders = 0,
    int Revision = 0)
{
    public bool IsPending => Status == "pending";

    public bool IsAssignedTo(string user, IEnumerable<string> roles) =>
        Assignees.Contains(user) || roles.Any(role => Assignees.Contains($"role:{role}"));
}
