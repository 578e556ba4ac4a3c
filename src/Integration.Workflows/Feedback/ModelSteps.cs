using System.Text.Json.Nodes;
using Integration.Workflows.Activities;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Feedback;

public static class ModelSteps
{
    /// <summary>
    /// The model steps an instance has run, the latest run of each (a draft written again after "request changes" counts
    /// once, as rewritten), with their inputs masked as the API masks them: what the model saw.
    /// </summary>
    public static IReadOnlyList<ModelStepRecord> Of(InstanceState state)
    {
        var view = InstanceView.Of(state);
        var steps = new Dictionary<string, ModelStepRecord>(StringComparer.Ordinal);
        JournalEntry? started = null;
        foreach (var entry in view.Journal)
        {
            if (ActivityCatalog.Find(entry.ActivityType) is not { Runner: ActivityRunner.Services, Category: "AI" })
            {
                continue;
            }

            if (entry.Event == "started")
            {
                started = entry;
            }
            else if (entry.Event == "completed" && started?.ActivityId == entry.ActivityId)
            {
                var outputs = entry.Outputs as JsonObject;
                var tokens = outputs?["tokens"];
                steps[entry.ActivityId] = new ModelStepRecord(entry.ActivityId, entry.ActivityType, started.Inputs?["model"]?.GetValue<string>(),
                    outputs?["model"]?.GetValue<string>(), outputs?["revision"]?.GetValue<string>(), started.Inputs as JsonObject ?? [],
                    Answer(outputs), tokens?["in"]?.GetValue<long>() ?? 0, tokens?["out"]?.GetValue<long>() ?? 0, entry.DurationMs,
                    // Read from its text: the value may hold a decimal, which GetValue<double> refuses.
                    outputs?["cost"] is JsonValue cost && cost.GetValueKind() == System.Text.Json.JsonValueKind.Number
                        ? double.Parse(cost.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : null);
            }
        }

        return [.. steps.Values];
    }

    /// <summary>What the model answered, without the step's bookkeeping (model, tokens, the guard's summary).</summary>
    private static JsonObject? Answer(JsonObject? outputs) =>
        outputs is null ? null : new JsonObject(outputs.Where(p => p.Key is not ("model" or "revision" or "tokens" or "cost" or "guard")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
}
