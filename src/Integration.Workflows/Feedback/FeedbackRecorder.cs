using Integration.Workflows.Approvals;

namespace Integration.Workflows.Feedback;

/// <summary>Turns a decided task into its feedback record, whoever decided it.</summary>
public sealed class FeedbackRecorder(FeedbackStore store, Kpis.KpiRecorder kpis, TimeProvider time)
{
    public async Task RecordAsync(ApprovalTask task, DecisionSource source)
    {
        var after = task.FinalOutput;
        var models = task.Models ?? [];
        var edited = task.Decisions.Any(d => d.Decision == ReviewDecision.EditApprove);
        var at = time.GetUtcNow();
        var record = new FeedbackRecord(
            task.Id, task.InstanceId, task.DefinitionId, task.Version, task.ActivityId, task.Status, source,
            [.. task.Decisions.Select(d => d.By).DefaultIfEmpty(source == DecisionSource.Rules ? "governance" : "sla")],
            task.Decisions.LastOrDefault()?.Comment, task.Governance?.Rule,
            task.Proposal?.DeepClone(), after?.DeepClone(), edited,
            edited ? FeedbackDiff.EditDistance(task.Proposal, after) : 0,
            edited ? FeedbackDiff.Corrections(task.Proposal, after, models) : [],
            models, task.CreatedAt, at, (at - task.CreatedAt).TotalSeconds);
        await store.AddAsync(record);
        kpis.GateDecided(record);
    }
}
