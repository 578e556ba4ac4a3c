using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Integration.Workflows.Approvals;

namespace Integration.Workflows.Feedback;

/// <summary>Who decided a gate: reviewers, the governance service's approval rules, or the task's SLA.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionSource>))]
public enum DecisionSource
{
    [JsonStringEnumMemberName("reviewer")]
    Reviewer,

    [JsonStringEnumMemberName("rules")]
    Rules,

    [JsonStringEnumMemberName("sla")]
    Sla,
}

/// <summary>A field of the proposal a reviewer changed that is a label (a category, an extracted value), not free text.</summary>
/// <param name="Step">The model step the field came from, where one answered exactly that value.</param>
public sealed record Correction(string Field, JsonNode? Proposed, JsonNode? Final, string? Step);

/// <summary>
/// Every gate outcome, as data: what the models saw and answered, what was proposed, what was decided and by whom, how
/// much a reviewer changed, and when. The labeled examples of the next model come from these, and so do the outcome
/// measures of each model and arm.
/// </summary>
/// <param name="Before">The proposal the gate showed.</param>
/// <param name="After">The output that went on: the proposal, or the reviewer's edit.</param>
/// <param name="EditDistance">Characters a reviewer changed in the proposal's free text (Levenshtein), 0 when it went on as proposed.</param>
public sealed record FeedbackRecord(
    string Task,
    string Instance,
    string Workflow,
    int Version,
    string Gate,
    ApprovalStatus Decision,
    DecisionSource Source,
    IReadOnlyList<string> DecidedBy,
    string? Comment,
    string? Rule,
    JsonNode? Before,
    JsonNode? After,
    bool Edited,
    int EditDistance,
    IReadOnlyList<Correction> Corrections,
    IReadOnlyList<ModelStepRecord> Models,
    DateTimeOffset OpenedAt,
    DateTimeOffset At,
    double TurnaroundSeconds);
