namespace Integration.Contracts.Workflows;

public sealed record Percentiles(int Samples, double P50, double P95);

/// <summary>One UTC day of a workflow version: its instances by outcome.</summary>
public sealed record DailyKpis(DateOnly Day, long Started, long Completed, long Failed, long Cancelled, long Incidents);

/// <param name="Cost">At the inference service's configured prices of each model.</param>
public sealed record ModelUsage(string Model, long Calls, long TokensIn, long TokensOut, double Cost);

/// <summary>What a process owner judges the workflow by.</summary>
/// <param name="AutoResolutionRate">Gates the governance rules approved without a person, of all decided gates.</param>
/// <param name="OverrideRate">Decisions in which a reviewer edited, rejected or sent back the model's proposal, of all reviewers' decisions.</param>
/// <param name="EscalationRate">Tasks their SLA handed to the admins, of all decided gates.</param>
/// <param name="FirstResponseSeconds">From the trigger event (the customer's message) to the first approved output leaving for a SaaS.</param>
/// <param name="CostPerResolution">Inference cost plus reviewers' time (decisions × minutes × rate), per completed instance.</param>
public sealed record BusinessKpis(
    double? AutoResolutionRate, double? OverrideRate, double? EscalationRate, Percentiles? FirstResponseSeconds, double? CostPerResolution,
    double InferenceCost, double ReviewerCost, long DecidedGates, double ReviewerMinutesPerDecision, double ReviewerCostPerHour);

/// <param name="CompletedWithoutEditShare">Share of completed instances in which no reviewer edited a model's output.</param>
/// <param name="ApprovalTurnaroundSeconds">From a gate's task to its decision.</param>
/// <param name="StepLatencyMs">Each completed step, in milliseconds.</param>
/// <param name="From">The first UTC day of the range the figures are of; null for the version's whole life.</param>
public sealed record KpiReport(string Workflow, int Version, long Started, long Completed, long Failed, long Cancelled, long Incidents, int WaitingOnApproval,
    double? CompletedWithoutEditShare, Percentiles? ApprovalTurnaroundSeconds, Percentiles? StepLatencyMs, IReadOnlyList<ModelUsage> Models,
    BusinessKpis Business, KpiBaseline? Baseline = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>The same business figures of the version before, to judge this one against.</summary>
public sealed record KpiBaseline(int Version, BusinessKpis Business);

/// <summary>How one arm (the model that answered a step) fared at the gate that judged its answers.</summary>
/// <param name="AcceptedAsIs">Outcomes approved without an edit (by a reviewer or the rules): the arm's success.</param>
/// <param name="MeanCost">The mean price of the arm's calls, over those the inference service priced; null when it priced none.</param>
/// <param name="CostPerAccepted">The arm's whole priced cost over its answers accepted as proposed: what one good answer costs.</param>
public sealed record ArmOutcomes(
    string Arm, int Outcomes, int AcceptedAsIs, double AcceptedAsIsShare, double MeanEditDistance, double MeanTurnaroundSeconds,
    double? StepLatencyP50Ms, double MeanTokens, double? MeanCost = null, double? CostPerAccepted = null);

/// <summary>Whether the two largest arms differ in how often their answers are accepted as they are.</summary>
/// <param name="Z">The two-proportion z statistic (pooled), B's share minus A's.</param>
/// <param name="Decision">continue, stop (B wins / A wins), or stop (no difference) by the stop rule.</param>
public sealed record ArmTest(string A, string B, double Difference, double Z, double P, bool Significant, string Decision);

public sealed record ExperimentReport(string Workflow, string Step, int Outcomes, IReadOnlyList<ArmOutcomes> Arms, ArmTest? Test, string StopRule);
