using System.Text.Json.Nodes;
using Integration.Workflows.Activities;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Feedback;

public static class ModelSteps
{
    /// <summary>
    /// The model steps an instance has run (those of the AI category, which reach the other services), the latest run of
    /// each (a draft written again after "request changes" counts once, as rewritten), with their inputs masked as the API
    /// masks them: what the model saw. The call's model, tokens and cost come from the journal's typed record of it.
    /// </summary>
    public static IReadOnlyList<ModelStepRecord> Of(InstanceState state, ActivityCatalog catalog)
    {
        var view = InstanceViews.Of(state);
        var steps = new Dictionary<string, ModelStepRecord>(StringComparer.Ordinal);
        JournalEntry? started = null;
        foreach (var entry in view.Journal)
        {
            if (catalog.Find(entry.ActivityType) is not { Runner: ActivityRunner.Services, Category: "AI" })
            {
                continue;
            }

            if (entry.Event == JournalEvent.Started)
            {
                started = entry;
            }
            else if (entry.Event == JournalEvent.Completed && started?.ActivityId == entry.ActivityId)
            {
                var call = entry.Call;
                steps[entry.ActivityId] = new ModelStepRecord(entry.ActivityId, entry.ActivityType, call?.Requested,
                    call?.Served, call?.Revision, started.Inputs as JsonObject ?? [], Answer(entry.Outputs as JsonObject), call?.TokensIn ?? 0, call?.TokensOut ?? 0,
                    entry.DurationMs, call?.Cost is { } cost ? (double)cost : null);
            }
        }

        return [.. steps.Values];
    }

    /// <summary>What the model answered, without the step's bookkeeping (the model, tokens and guard summary also kept in its outputs).</summary>
    private static JsonObject? Answer(JsonObject? outputs) =>
        outputs is null ? null : new JsonObject(outputs.Where(p => p.Key is not ("model" or "revision" or "tokens" or "cost" or "guard")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
}
