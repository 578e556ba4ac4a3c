using Integration.Workflows.Activities.Models;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Integration.Workflows.Activities;
using Integration.Workflows.Approvals;

namespace Integration.Workflows.Feedback;

/// <summary>The common fine-tuning shapes a record's examples are exported in, one JSON object a line.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExportFormat>))]
public enum ExportFormat
{
    /// <summary><c>{"messages": [{"role": "user", …}, {"role": "assistant", …}]}</c></summary>
    [JsonStringEnumMemberName("chat")]
    Chat,

    /// <summary><c>{"prompt": …, "completion": …}</c></summary>
    [JsonStringEnumMemberName("prompt-completion")]
    PromptCompletion,

    /// <summary><c>{"text": …, "label": …}</c>, classifier steps only.</summary>
    [JsonStringEnumMemberName("text-label")]
    TextLabel,
}

/// <summary>One model step's input and the output a person accepted for it; <paramref name="Model"/> is the model the step named.</summary>
public sealed record LabeledExample(string Step, string Activity, string? Model, string Input, string Output);

/// <summary>
/// The examples a record teaches: for each model step whose answer the gate showed, its input (as the model saw it,
/// personal data as placeholders) and the output that went on: a classifier's label as the reviewer left or corrected
/// it, a draft as the reviewer approved or edited it. Only approved outcomes teach: a rejection says what is wrong, not
/// what is right.
/// </summary>
public static class FeedbackExport
{
    public static IEnumerable<LabeledExample> Examples(FeedbackRecord record)
    {
        if (record.Decision is not (ApprovalStatus.Approved or ApprovalStatus.AutoApproved))
        {
            yield break;
        }

        foreach (var step in record.Models)
        {
            if (step.Activity == Classify.TypeName && step.Output?["label"]?.GetValue<string>() is { } label)
            {
                var corrected = record.Corrections.LastOrDefault(c => c.Step == step.Step)?.Final?.ToString();
                yield return new LabeledExample(step.Step, step.Activity, step.Requested, Text(step.Input, "text"), corrected ?? label);
            }
            else if (step.Activity is Generate.TypeName or Summarize.TypeName && FinalTextOf(record, step) is { } final)
            {
                yield return new LabeledExample(step.Step, step.Activity, step.Requested, Text(step.Input, step.Activity == Generate.TypeName ? "prompt" : "text"), final);
            }
        }
    }

    public static JsonObject Line(LabeledExample example, ExportFormat format) => format switch
    {
        ExportFormat.Chat => new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = example.Input },
                new JsonObject { ["role"] = "assistant", ["content"] = example.Output }),
        },
        ExportFormat.PromptCompletion => new JsonObject { ["prompt"] = example.Input, ["completion"] = example.Output },
        _ => new JsonObject { ["text"] = example.Input, ["label"] = example.Output },
    };

    /// <summary>The field of the outcome that came from this step's text (the proposal showed it under some name).</summary>
    private static string? FinalTextOf(FeedbackRecord record, ModelStepRecord step)
    {
        if (record.Before is not JsonObject before || record.After is not JsonObject after)
        {
            return null;
        }

        var field = before.FirstOrDefault(p => FeedbackDiff.SourceOf(p.Value, [step]) == step.Step).Key;
        return field is null ? null : after[field]?.ToString();
    }

    private static string Text(JsonObject input, string name) => input[name]?.ToString() ?? "";
}
