using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.Inference.Datasets;
using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Evaluation;

/// <summary>
/// Measures a grounded drafter on labelled tickets (<see cref="DrafterEvaluationReport"/>): each ticket is sent to that
/// model alone (as every evaluation asks, <see cref="ModelCalls"/>) for its JSON answer (reply, grounded, citations), and
/// each cited article is looked up by the category the shipped knowledge base gives it. The serving classifier's answers
/// on the same items give the threshold table a gate's approval rule is chosen from.
/// </summary>
public sealed partial class DrafterEvaluator(ModelRouter router, DatasetStore datasets, ClassifierVersions versions, Evaluator evaluator, ShippedData shipped,
    TimeProvider time)
{
    public static readonly double[] Thresholds = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

    /// <summary>Calls at once, as the backend evaluation makes them.</summary>
    private const int AtOnce = 4;

    private readonly Lazy<IReadOnlyDictionary<string, string>> categories = new(() => shipped.Articles
        .Select(a => (a.Id, Match: Category().Match(a.Markdown))).Where(a => a.Match.Success)
        .ToDictionary(a => a.Id, a => a.Match.Groups[1].Value, StringComparer.Ordinal));

    private sealed record Answer(bool Failed, bool Grounded, IReadOnlyList<string> Cited, int Words, double Milliseconds);

    public async Task<DrafterEvaluationReport> RunAsync(ModelDefinition model, string labelsOf, string dataset, int? limit, string by, CancellationToken cancellationToken)
    {
        dataset = await datasets.ResolveAsync(dataset);
        var serving = await versions.PromotedAsync(labelsOf) ?? throw new EvaluationException(404, $"Model '{labelsOf}' has no promoted version to read confidence from.");
        var items = BackendEvaluator.Spread(await datasets.ItemsAsync(dataset, labelsOf)
            ?? throw new EvaluationException(404, $"There is no dataset '{dataset}'; the datasets are {string.Join(", ", DatasetNames.All)} (and golden@N for a golden version)."), limit);
        if (items.Count == 0)
        {
            throw new EvaluationException(400, $"Dataset '{dataset}' has no items for model '{labelsOf}' yet.");
        }

        var answers = new Answer[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken },
            async (i, ct) => answers[i] = await AskAsync(model, items[i].Text, ct));
        if (answers.All(a => a.Failed))
        {
            throw new EvaluationException(503, $"Model '{model.Name}' answered none of the {items.Count} tickets on backend '{model.Backend}'. Nothing was recorded.");
        }

        var classified = (await evaluator.LatestOrRunAsync(labelsOf, serving, dataset, by)).Outcomes.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var outcomes = items.Select((item, i) =>
        {
            var cited = answers[i].Cited.Select(c => categories.Value.GetValueOrDefault(c, "(uncategorised)")).ToList();
            var classifier = classified.GetValueOrDefault(item.Id);
            return new DraftOutcome(item.Id, item.Label, answers[i].Grounded, answers[i].Cited, cited, answers[i].Grounded && cited.FirstOrDefault() == item.Label,
                answers[i].Words, classifier?.Predicted, classifier?.Confidence);
        }).ToList();

        return new DrafterEvaluationReport(model.Name, model.Backend, dataset, labelsOf, serving, items.Count, answers.Count(a => a.Failed),
            Share(outcomes, o => o.Grounded), Share(outcomes, o => o.OnTopic), Share(outcomes, o => o.Grounded && o.CitedCategories.Contains(o.Label)),
            Math.Round(outcomes.Average(o => o.Words), 1),
            outcomes.GroupBy(o => o.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new LabelDraftFigures(g.Count(), Share([.. g], o => o.Grounded), Share([.. g], o => o.OnTopic))),
            [.. Thresholds.Select(t => AtOrAbove(outcomes, t))],
            EvaluationStatistics.Latency([.. answers.Where(a => !a.Failed).Select(a => a.Milliseconds)]), time.GetUtcNow(), by, outcomes);
    }

    private static ThresholdFigures AtOrAbove(List<DraftOutcome> outcomes, double threshold)
    {
        var sure = outcomes.Where(o => o.ClassifierConfidence >= threshold).ToList();
        return new ThresholdFigures(threshold, sure.Count, Math.Round(sure.Count / (double)outcomes.Count, 4), Share(sure, o => o.OnTopic), Share(sure, o => o.ClassifierLabel == o.Label));
    }

    private async Task<Answer> AskAsync(ModelDefinition model, string text, CancellationToken cancellationToken)
    {
        var call = await ModelCalls.AskAsync(router, model, [new ChatMessage(ChatRole.User, text)], cancellationToken, ChatResponseFormat.Json);
        if (call.Answer is not { } answer)
        {
            return new Answer(true, false, [], 0, call.Milliseconds);
        }

        try
        {
            using var json = JsonDocument.Parse(answer.Text);
            var root = json.RootElement;
            var reply = root.TryGetProperty("reply", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : answer.Text;
            var cited = root.TryGetProperty("citations", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Select(x => x.TryGetProperty("reference", out var reference) ? DocumentOf(reference.GetString()) : null).OfType<string>().ToList()
                : [];
            var grounded = root.TryGetProperty("grounded", out var g) && g.ValueKind == JsonValueKind.True;
            return new Answer(false, grounded, cited, Words(reply), call.Milliseconds);
        }
        catch (JsonException)
        {
            // A reply that is not the drafters' JSON cites nothing this evaluation can look up.
            return new Answer(false, false, [], Words(answer.Text), call.Milliseconds);
        }
    }

    /// <summary><c>kb://support/missing-package#0</c> is the shipped article <c>missing-package</c>; another collection's document has no category here.</summary>
    private static string? DocumentOf(string? reference) =>
        reference is not null && reference.StartsWith($"kb://{ShippedData.SupportCollection}/", StringComparison.Ordinal)
            ? reference[$"kb://{ShippedData.SupportCollection}/".Length..].Split('#')[0]
            : reference;

    private static int Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static double Share(List<DraftOutcome> outcomes, Func<DraftOutcome, bool> holds) =>
        outcomes.Count == 0 ? 0 : Math.Round(outcomes.Count(holds) / (double)outcomes.Count, 4);

    [GeneratedRegex(@"category:\s*([a-z_]+)")]
    private static partial Regex Category();
}
