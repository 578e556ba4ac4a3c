using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Activities;
using Integration.Workflows.Services;

namespace Integration.Workflows.Runtime;

public sealed class ActivityFailedException(string message) : Exception(message);

/// <summary>
/// Carries out model and connector steps through the other services' real APIs. Every model step sends its text
/// through the governance input guard first (the model sees placeholders, never the personal data), and text
/// answers through the output guard after. Placeholders are resolved only in what goes to a connector, toward a SaaS.
/// </summary>
public sealed class ServiceActivityExecutor(GovernanceClient governance, InferenceClient inference, ConnectorClient connectors) : IActivityExecutor
{
    /// <summary>What a step's output says about the input guard's verdict (the placeholders stay with the instance), and a cut if there was one.</summary>
    private sealed record GuardSummary(GuardDecision Decision, string DataClass, int Redacted, string? Policy, TextCut? Cut);

    /// <summary>A text longer than a model step sends, cut: how long it was and how much of its beginning the model saw.</summary>
    public sealed record TextCut(int Characters, int Kept);

    /// <summary>
    /// The most of a text a model step sends (about 5,000 tokens): a ticket pasted with a whole mail thread or a log is cut at
    /// a word before the guard and the model see it, and the step says so, instead of failing as an incident at the
    /// gateway's limit. Its beginning is kept: that is where a customer says what they want.
    /// </summary>
    public const int MaxModelText = 20_000;

    private sealed record TokenCounts(long In, long Out);

    /// <summary>What a classifier model answers: its best label, that label's probability, and one per label.</summary>
    private sealed record Classification(string? Label, double? Confidence, JsonObject? Scores);

    private static readonly Dictionary<string, Func<ServiceActivityExecutor, ActivityContext, CancellationToken, Task<ActivityResult>>> Steps = new(StringComparer.Ordinal)
    {
        [ActivityTypes.Classify] = (e, c, ct) => e.ClassifyAsync(c, ct),
        [ActivityTypes.Extract] = (e, c, ct) => e.ExtractAsync(c, ct),
        [ActivityTypes.Summarize] = (e, c, ct) => e.TextAsync(c, Text(c.Inputs, "text"), "summary", null, ct),
        [ActivityTypes.Generate] = (e, c, ct) => e.TextAsync(c, Text(c.Inputs, "prompt"), "text", c.Inputs["temperature"]?.GetValue<double>(), ct),
        [ActivityTypes.Retrieve] = (e, c, ct) => e.RetrieveAsync(c, ct),
        [ActivityTypes.ConnectorCall] = (e, c, ct) => e.ConnectorAsync(c, ct),
        [ActivityTypes.Train] = (e, c, ct) => e.TrainAsync(c, ct),
    };

    /// <summary>The activity types this executor carries out.</summary>
    public static IReadOnlyCollection<string> Runs => Steps.Keys;

    public Task<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        Steps.TryGetValue(context.Node.Type!, out var step)
            ? step(this, context, cancellationToken)
            : throw new ActivityFailedException($"No executor for activity type '{context.Node.Type}'.");

    private async Task<ActivityResult> ClassifyAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        var (text, guard) = await GuardInputAsync(context, Text(context.Inputs, "text"), model, cancellationToken);
        var answer = await AskAsync(context, model, text, null, null, cancellationToken);
        var result = ModelJson<Classification>(answer, "a classification ({\"label\", \"confidence\", \"scores\"})");
        var arms = context.Inputs["compareArms"]?.GetValue<bool>() == true ? await OtherArmsAsync(context, model, answer.ServedModel, result.Label, text, cancellationToken) : null;
        return new ActivityResult(new JsonObject
        {
            ["label"] = result.Label,
            ["confidence"] = result.Confidence,
            ["scores"] = result.Scores,
            ["arms"] = arms,
            ["armsAgree"] = arms is null ? null : arms.Select(a => a.Value?.GetValue<string>()).Distinct().Count() == 1,
            ["model"] = answer.ServedModel,
            ["revision"] = answer.Revision,
            ["cost"] = answer.Cost,
            ["tokens"] = Node(new TokenCounts(answer.InputTokens, answer.OutputTokens)),
            ["guard"] = guard,
        });
    }

    private async Task<ActivityResult> ExtractAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        var (text, guard) = await GuardInputAsync(context, Text(context.Inputs, "text"), model, cancellationToken);
        var schema = context.Inputs["schema"] is { } given ? JsonSerializer.SerializeToElement(given) : (JsonElement?)null;
        var answer = await AskAsync(context, model, text, schema, null, cancellationToken);
        return new ActivityResult(new JsonObject
        {
            ["data"] = ModelJson<JsonNode>(answer, "JSON"),
            ["model"] = answer.ServedModel,
            ["revision"] = answer.Revision,
            ["cost"] = answer.Cost,
            ["tokens"] = Node(new TokenCounts(answer.InputTokens, answer.OutputTokens)),
            ["guard"] = guard,
        });
    }

    /// <summary>
    /// For an A/B split, what every arm answers for the same (redacted) text, by arm: the one that served this instance and
    /// each other arm asked by name. Arms that disagree mark a case the models are unsure of, whatever each one's
    /// confidence (the inbox's uncertainty order puts them first). Each extra call is a model call like any other: budgeted and metered.
    /// </summary>
    private async Task<JsonObject?> OtherArmsAsync(ActivityContext context, string model, string served, string? label, string text, CancellationToken cancellationToken)
    {
        var split = (await inference.ModelAsync(model, cancellationToken)).Split;
        if (split.Count == 0)
        {
            return null;
        }

        var arms = new JsonObject { [served] = label };
        foreach (var arm in split.Select(a => a.Model).Where(a => a != served).Distinct(StringComparer.Ordinal))
        {
            arms[arm] = ModelJson<Classification>(await AskAsync(context, arm, text, null, null, cancellationToken), "a classification").Label;
        }

        return arms;
    }

    private async Task<ActivityResult> TextAsync(ActivityContext context, string source, string output, double? temperature, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        var (text, guard) = await GuardInputAsync(context, source, model, cancellationToken);
        var answer = await AskAsync(context, model, text, null, temperature, cancellationToken);
        var verdict = await governance.GuardOutputAsync(new OutputGuardRequest(context.Instance.DefinitionId, answer.Text, [text]), cancellationToken);
        if (verdict.Decision == OutputDecision.Fail)
        {
            throw new ActivityFailedException($"The output guard refused the answer of {answer.ServedModel}: " + string.Join("; ", verdict.Findings.Select(f => f.Message)));
        }

        return new ActivityResult(new JsonObject
        {
            [output] = answer.Text,
            ["citations"] = Node(Citations.Of(answer.Text)),
            ["model"] = answer.ServedModel,
            ["revision"] = answer.Revision,
            ["cost"] = answer.Cost,
            ["tokens"] = Node(new TokenCounts(answer.InputTokens, answer.OutputTokens)),
            ["guard"] = guard,
        });
    }

    private async Task<ActivityResult> RetrieveAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var collection = context.Inputs["collection"]?.GetValue<string>() ?? "support";
        var (query, guard) = await GuardInputAsync(context, Text(context.Inputs, "query"), "kb-embedder", cancellationToken);
        var found = await inference.RetrieveAsync(collection, new RetrieveRequest(query, context.Inputs["top"]?.GetValue<int>() ?? 5), cancellationToken);
        return new ActivityResult(new JsonObject { ["passages"] = Node(found.Passages), ["guard"] = guard });
    }

    /// <summary>No text goes to a model here (the datasets are the inference service's own), so no guard is asked.</summary>
    private async Task<ActivityResult> TrainAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var model = Text(context.Inputs, "model");
        List<string> datasets = context.Inputs["datasets"] is JsonArray named ? [.. named.Select(d => d!.GetValue<string>())] : ["shipped", "feedback"];
        var requestedBy = context.Inputs["requestedBy"]?.GetValue<string>() is { Length: > 0 } person ? person : null;
        var run = await inference.RetrainAsync(model,
            new RetrainingRequest(datasets, context.Inputs["promote"]?.GetValue<bool>() ?? true, context.IdempotencyKey, requestedBy), cancellationToken);
        return new ActivityResult(new JsonObject
        {
            ["model"] = model,
            ["version"] = run.Version.Version,
            ["trainedBy"] = run.Version.TrainedBy,
            ["promoted"] = run.Promoted,
            ["dataset"] = run.Version.Dataset,
            ["trainExamples"] = run.Version.TrainExamples,
            ["leftOut"] = run.Leakage.Exact + run.Leakage.Near,
            ["checks"] = Node(run.Gate ?? []),
        });
    }

    private async Task<ActivityResult> ConnectorAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        // Toward the SaaS the real values go back in; the key makes a retried or replayed step post once.
        var operation = Text(context.Inputs, "operation");
        if (PlaceholderVault.Restore(context.Inputs["input"] ?? new JsonObject(), context.Instance.Placeholders) is not JsonObject input)
        {
            throw new ActivityFailedException($"The input of connector operation {operation} is an object; its expression gave {context.Inputs["input"]?.GetValueKind()}.");
        }

        var result = await connectors.InvokeAsync(operation, new InvokeRequest(context.Inputs["connection"]?.GetValue<string>(), input, context.IdempotencyKey), cancellationToken);
        return new ActivityResult(new JsonObject { ["output"] = result.Output.DeepClone(), ["replayed"] = result.Replayed });
    }

    private async Task<(string Text, JsonNode? Guard)> GuardInputAsync(ActivityContext context, string text, string model, CancellationToken cancellationToken)
    {
        var (sent, cut) = Cut(text);
        var verdict = await governance.GuardInputAsync(new InputGuardRequest(context.Instance.DefinitionId, sent, model), cancellationToken);
        if (verdict.Decision == GuardDecision.Deny)
        {
            throw new ActivityFailedException($"The input guard denied the text for {model}: {string.Join("; ", verdict.Reasons)}");
        }

        var redacted = PlaceholderVault.Merge(context.Instance.Placeholders, verdict.Text ?? "", verdict.Placeholders);
        return (redacted, Node(new GuardSummary(verdict.Decision, verdict.DataClass, verdict.Placeholders.Count, verdict.Policy, cut)));
    }

    /// <summary>The text as a model step sends it: whole, or its beginning up to <see cref="MaxModelText"/>, ended at a word, with an ellipsis.</summary>
    public static (string Text, TextCut? Cut) Cut(string text)
    {
        if (text.Length <= MaxModelText)
        {
            return (text, null);
        }

        var end = text.LastIndexOfAny([' ', '\n', '\t'], MaxModelText - 2);
        var kept = (end > MaxModelText / 2 ? text[..end] : text[..(MaxModelText - 1)]).TrimEnd();
        if (char.IsHighSurrogate(kept[^1]))
        {
            kept = kept[..^1]; // never half a character
        }

        return (kept + "…", new TextCut(text.Length, kept.Length));
    }

    /// <summary>
    /// A model call within the workflow's budgets: refused before it spends when today's tokens or cost are used up
    /// (the step fails, and its retries end as an incident to retry once the budget resets), counted after it answered
    /// (past a limit too: the tokens are spent; the next step is the one refused).
    /// </summary>
    private async Task<ModelAnswer> AskAsync(ActivityContext context, string model, string text, JsonElement? schema, double? temperature, CancellationToken cancellationToken)
    {
        var workflow = context.Instance.DefinitionId;
        var budget = await governance.ConsumeBudgetAsync(new BudgetConsumeRequest(workflow, null, 0, 0), cancellationToken);
        if (!budget.Allowed)
        {
            throw new ActivityFailedException($"The budget {budget.ExceededBudget} of policy {budget.Policy} is used up for today; it resets at {budget.ResetsAt:u}.");
        }

        var answer = await inference.AskAsync(model, text, schema, temperature, routingKey: context.Instance.Id, cancellationToken);
        await governance.ConsumeBudgetAsync(new BudgetConsumeRequest(workflow, null, answer.InputTokens + answer.OutputTokens, answer.Cost ?? 0, Spent: true), cancellationToken);
        return answer;
    }

    /// <summary>A model's answer read as JSON of the shape the step needs; anything else fails the step with what came.</summary>
    private static T ModelJson<T>(ModelAnswer answer, string expected)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(answer.Text, JsonSerializerOptions.Web) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new ActivityFailedException($"{answer.ServedModel} did not answer {expected}: {answer.Text[..Math.Min(answer.Text.Length, 200)]}");
        }
    }

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web);

    private static string Text(JsonObject inputs, string name) =>
        inputs[name]?.GetValueKind() == JsonValueKind.String ? inputs[name]!.GetValue<string>() : inputs[name]?.ToJsonString() ?? "";
}
