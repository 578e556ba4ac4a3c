using System.Text.Json.Nodes;

namespace Integration.Portal.Api;

// The workflow service's answers, as the Portal reads them (consumer-owned: only what the screens show; the browser
// tests run them against the real service). Closed sets stay strings here, so a value the service adds later still reads.

public sealed record DecisionView(string By, string Decision, JsonNode? Output, string? Comment, DateTimeOffset At);

/// <summary>What the governance approval rules said about a gate: <c>auto-approve</c>, <c>human</c> or <c>deny</c>, by which rule of which policy.</summary>
public sealed record GovernanceVerdict(string Decision, string? Role, string Rule, string? Policy);

/// <summary>A model step before the gate: the model asked for and the one that served, and what it saw and said.</summary>
public sealed record ModelStepView(string Step, string Activity, string? Requested, string? Served, string? Revision, JsonObject Input, JsonNode? Output,
    long TokensIn, long TokensOut, double? DurationMs);

public sealed record ApprovalTaskView(
    string Id, string InstanceId, string DefinitionId, int Version, string ActivityId, string? Subject, JsonNode? Proposal,
    IReadOnlyList<string> Assignees, string Mode, int Quorum, string Status, string? ClaimedBy, IReadOnlyList<DecisionView> Decisions,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt, GovernanceVerdict? Governance, int Reminders, double? Confidence, IReadOnlyList<ModelStepView>? Models,
    JsonNode? OutputSchema = null, bool? ArmsAgree = null)
{
    public bool IsPending => string.Equals(Status, "pending", StringComparison.OrdinalIgnoreCase);

    /// <summary>What went on from the gate: the last edit approved, else the proposal.</summary>
    public JsonNode? FinalOrProposal => Decisions.LastOrDefault(d => d.Decision == "edit-approve")?.Output ?? Proposal;
}

public sealed record DecisionRequest(string Decision, JsonNode? Output, string? Comment);

public sealed record InstanceSummaryView(string Id, string DefinitionId, int Version, string Status, string? BusinessKey, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record InstancePageView(IReadOnlyList<InstanceSummaryView> Items, string? Next, int Scanned);

public sealed record JournalEntryView(int Sequence, DateTimeOffset At, string ActivityId, string ActivityType, string Event, JsonNode? Inputs, JsonNode? Outputs,
    string? Outcome, string? Error, int Attempt, double? DurationMs);

public sealed record BookmarkView(string TokenId, string ActivityId, string Kind, DateTimeOffset? DueAt);

public sealed record InstanceDetail(string Id, string DefinitionId, int Version, string Status, JsonObject Input, JsonObject? Event, JsonObject Steps,
    JsonObject? Outputs, string? Error, IReadOnlyList<BookmarkView> Bookmarks, IReadOnlyList<JournalEntryView> Journal, DateTimeOffset CreatedAt, string? BusinessKey);

public sealed record DefinitionSummaryView(string Id, string? Name, int LatestVersion, int? PublishedVersion);

public sealed record Percentiles(int Samples, double P50, double P95);

public sealed record ModelUsageView(string Model, long Calls, long TokensIn, long TokensOut, double Cost);

public sealed record BusinessKpisView(double? AutoResolutionRate, double? OverrideRate, double? EscalationRate, Percentiles? FirstResponseSeconds,
    double? CostPerResolution, double InferenceCost, double ReviewerCost, long DecidedGates);

public sealed record KpiBaselineView(int Version, BusinessKpisView Business);

public sealed record KpiReportView(string Workflow, int Version, long Started, long Completed, long Failed, long Cancelled, long Incidents, int WaitingOnApproval,
    double? CompletedWithoutEditShare, Percentiles? ApprovalTurnaroundSeconds, Percentiles? StepLatencyMs, IReadOnlyList<ModelUsageView> Models,
    BusinessKpisView Business, KpiBaselineView? Baseline, DateOnly? From = null, DateOnly? To = null);

/// <summary>One UTC day of a workflow version: its instances by outcome.</summary>
public sealed record DailyKpisView(DateOnly Day, long Started, long Completed, long Failed, long Cancelled, long Incidents);

/// <summary>How one arm of an A/B split fared at the gate that judged its answers (the workflow API's experiment report).</summary>
public sealed record ArmOutcomesView(string Arm, int Outcomes, int AcceptedAsIs, double AcceptedAsIsShare, double MeanEditDistance, double MeanTurnaroundSeconds,
    double? StepLatencyP50Ms, double MeanTokens, double? MeanCost = null, double? CostPerAccepted = null);

/// <summary>The two largest arms compared: a pooled two-proportion z-test and the stop rule's decision.</summary>
public sealed record ArmTestView(string A, string B, double Difference, double Z, double P, bool Significant, string Decision);

public sealed record ExperimentReportView(string Workflow, string Step, int Outcomes, IReadOnlyList<ArmOutcomesView> Arms, ArmTestView? Test, string StopRule);

public sealed record RevealAskView(string Placeholder);

public sealed record RevealedValueView(string Placeholder, string Value, string Kind, string? Policy);
