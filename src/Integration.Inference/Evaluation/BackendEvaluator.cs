using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.Inference.Datasets;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Evaluation;

/// <summary>
/// Measures any chat model as a classifier (<see cref="BackendEvaluationReport"/>). Each text is sent to that model alone
/// (no fallback, no cache, not metered as traffic, not seen by the drift monitor: an evaluation is not production), with
/// an instruction naming the labels; the answer is read as the embedded classifiers' JSON when it is that, else as the
/// first label it names.
/// </summary>
public sealed class BackendEvaluator(ModelRouter router, DatasetStore datasets, ClassifierVersions versions, Evaluator evaluator, TokenCounter tokens,
    BackendEvaluationStore store, TimeProvider time)
{
    public const string None = "(none)";
    public const int MostItems = 1_000;

    /// <summary>Calls at once: an upstream's own concurrency limit still applies (the router's gate).</summary>
    private const int Parallel = 4;

    public async Task<BackendEvaluationReport> RunAsync(ModelDefinition model, ModelDefinition labelsOf, string dataset, int? limit, string by, CancellationToken cancellationToken)
    {
        dataset = await datasets.ResolveAsync(dataset);
        var serving = await versions.PromotedAsync(labelsOf.Name) ?? throw new EvaluationException(404, $"Model '{labelsOf.Name}' has no promoted version to take its labels from.");
        var classifier = await versions.LoadAsync(labelsOf.Name, serving) ?? throw new EvaluationException(404, $"Model '{labelsOf.Name}' has no version {serving}.");
        var items = await datasets.ItemsAsync(dataset, labelsOf.Name)
                    ?? throw new EvaluationException(404, $"There is no dataset '{dataset}'; the datasets are {string.Join(", ", DatasetNames.All)} (and golden@N for a golden version).");
        items = Spread(items, limit);
        if (items.Count == 0)
        {
            throw new EvaluationException(400, $"Dataset '{dataset}' has no items for model '{labelsOf.Name}' yet.");
        }

        var labels = classifier.Labels;
        var unknown = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Except(labels, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new EvaluationException(400, $"Dataset '{dataset}' has labels model '{labelsOf.Name}' version {serving} lacks: {string.Join(", ", unknown)}.");
        }

        var instruction = new ChatMessage(ChatRole.System,
            $"You sort customer support tickets. Answer with exactly one of these labels and nothing else: {string.Join(", ", labels)}.");
        var answers = new Answer[items.Count];
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
            async (i, ct) => answers[i] = await AskAsync(model, instruction, items[i].Text, labels, ct));

        if (answers.All(a => a.Failed))
        {
            throw new EvaluationException(503, $"Model '{model.Name}' answered none of the {items.Count} items on backend '{model.Backend}': {answers[0].Error} Nothing was recorded.");
        }

        var outcomes = items.Select((item, i) => new BackendOutcome(item.Id, item.Label, answers[i].Label ?? None, answers[i].Confidence, answers[i].TokensIn, answers[i].TokensOut)).ToList();
        var scored = ClassificationMetrics.Compute([.. labels, None], [.. outcomes.Select(o => (o.Actual, o.Predicted))]);
        // "(none)" is a column of the confusion matrix, not a label the model was asked for, and a label no item has (a
        // limited run) has no F1 to speak of: neither dilutes macro-F1.
        var metrics = scored with { MacroF1 = Math.Round(scored.PerClass.Where(c => c.Key != None && c.Value.Support > 0).Average(c => c.Value.F1), 4) };
        var calibration = answers.All(a => a.Scores is not null)
            ? EvaluationStatistics.Calibrate([.. items.Select((item, i) => (answers[i].Confidence ?? 0, outcomes[i].Predicted == item.Label,
                labels.Sum(l => Math.Pow(answers[i].Scores!.GetValueOrDefault(l) - (l == item.Label ? 1 : 0), 2))))])
            : null;
        var (tokensIn, tokensOut) = (outcomes.Sum(o => (long)o.TokensIn), outcomes.Sum(o => (long)o.TokensOut));
        var priced = model.CostPer1kInput > 0 || model.CostPer1kOutput > 0;
        var cost = priced ? Math.Round(tokensIn / 1000m * model.CostPer1kInput + tokensOut / 1000m * model.CostPer1kOutput, 6) : (decimal?)null;
        var report = new BackendEvaluationReport($"{model.Name}-{dataset}-{Guid.NewGuid().ToString("N")[..8]}", model.Name, model.Backend, model.BackendModel,
            labelsOf.Name, dataset, items.Count, labels, metrics, answers.Count(a => a.Label is null && !a.Failed), answers.Count(a => a.Failed), calibration,
            EvaluationStatistics.Latency([.. answers.Where(a => !a.Failed).Select(a => a.Milliseconds)]), tokensIn, tokensOut,
            cost, cost is null ? null : Math.Round(cost.Value / items.Count, 8),
            Against(await evaluator.LatestOrRunAsync(labelsOf.Name, serving, dataset, by), outcomes, labelsOf, items),
            time.GetUtcNow(), by, outcomes);
        await store.SaveAsync(report);
        return report;
    }

    /// <summary>A limit takes a spread of the set (by a stable hash of the ids), not its first labels only.</summary>
    public static List<DatasetItem> Spread(IEnumerable<DatasetItem> items, int? limit) =>
        [.. items.OrderBy(i => Engine.StableHash.Of(i.Id)).ThenBy(i => i.Id, StringComparer.Ordinal).Take(limit ?? MostItems)];

    private sealed record Answer(string? Label, double? Confidence, IReadOnlyDictionary<string, double>? Scores, int TokensIn, int TokensOut, double Milliseconds,
        bool Failed, string? Error = null);

    private async Task<Answer> AskAsync(ModelDefinition model, ChatMessage instruction, string text, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var call = await ModelCalls.AskAsync(router, model, [instruction, new ChatMessage(ChatRole.User, text)], cancellationToken);
        if (call.Answer is not { } answer)
        {
            return new Answer(null, null, null, 0, 0, call.Milliseconds, true, call.Error);
        }

        var (label, confidence, scores) = Read(answer.Text, labels);
        return new Answer(label, confidence, scores, (int?)answer.Usage?.InputTokenCount ?? tokens.Count(instruction.Text + text),
            (int?)answer.Usage?.OutputTokenCount ?? tokens.Count(answer.Text), call.Milliseconds, false);
    }

    /// <summary>The label an answer gives: the embedded classifiers' JSON (label, confidence, scores), or the first label the text names as a word.</summary>
    public static (string? Label, double? Confidence, IReadOnlyDictionary<string, double>? Scores) Read(string content, IReadOnlyList<string> labels)
    {
        var trimmed = content.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                if (json.RootElement.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String && labels.Contains(label.GetString()!))
                {
                    var confidence = json.RootElement.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : (double?)null;
                    var scores = json.RootElement.TryGetProperty("scores", out var s) && s.ValueKind == JsonValueKind.Object
                        ? s.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
                        : null;
                    return (label.GetString(), confidence, scores);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: read it as text.
            }
        }

        // "order change", "order-change" and "Order_Change" all name order_change.
        var named = labels
            .Select(l => (Label: l, Match: Regex.Match(trimmed, $@"\b{string.Join(@"[\s_-]", l.Split('_').Select(Regex.Escape))}\b", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1))))
            .Where(x => x.Match.Success).OrderBy(x => x.Match.Index).FirstOrDefault();
        return (named.Label, null, null);
    }

    private AgainstClassifier Against(EvaluationReport classifier, IReadOnlyList<BackendOutcome> outcomes, ModelDefinition labelsOf, IReadOnlyList<DatasetItem> items)
    {
        var right = classifier.Outcomes.ToDictionary(o => o.Id, o => o.Actual == o.Predicted, StringComparer.Ordinal);
        var pairs = outcomes.Where(o => right.ContainsKey(o.Id)).Select(o => (A: right[o.Id], B: o.Actual == o.Predicted)).ToList();
        var paired = EvaluationStatistics.Paired(pairs);
        var (a, b) = (pairs.Count == 0 ? 0 : pairs.Count(x => x.A) / (double)pairs.Count, pairs.Count == 0 ? 0 : pairs.Count(x => x.B) / (double)pairs.Count);
        var priced = labelsOf.CostPer1kInput > 0 || labelsOf.CostPer1kOutput > 0;
        return new AgainstClassifier(classifier.Version, Math.Round(a, 4), Math.Round(b, 4), Math.Round(b - a, 4), paired.DifferenceCi95,
            paired.OnlyA, paired.OnlyB, paired.P, paired.Significant,
            priced ? Math.Round(items.Average(i => labelsOf.Cost(tokens.Count(i.Text), 1)), 8) : null);
    }
}
