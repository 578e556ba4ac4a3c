using System.Diagnostics;
using Integration.Inference.Datasets;
using Integration.Inference.Training;

namespace Integration.Inference.Evaluation;

/// <summary>An evaluation or promotion that cannot be done as asked; the endpoints answer it as ProblemDetails.</summary>
public sealed class EvaluationException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Runs a classifier version over a dataset and measures it: accuracy, macro-F1, per-label figures and the confusion
/// matrix, calibration (ECE, Brier), latency, and its behaviour (<see cref="BehaviourChecks"/>); and compares two versions
/// on the same items (McNemar, bootstrap).
/// Versions are loaded as stored, so any version can be measured without serving it.
/// </summary>
public sealed class Evaluator(ClassifierVersions versions, DatasetStore datasets, EvaluationStore store, Engine.ShippedData shipped, Registry.InferenceOptions options,
    TimeProvider time)
{
    public async Task<EvaluationReport> RunAsync(string model, int version, string dataset, string by)
    {
        dataset = await datasets.ResolveAsync(dataset);
        var classifier = await versions.LoadAsync(model, version) ?? throw new EvaluationException(404, $"Model '{model}' has no version {version}.");
        var items = await datasets.ItemsAsync(dataset, model)
                    ?? throw new EvaluationException(404, $"There is no dataset '{dataset}'; the datasets are {string.Join(", ", DatasetNames.All)} (and golden@N for a golden version).");
        if (items.Count == 0)
        {
            throw new EvaluationException(400, $"Dataset '{dataset}' has no items for model '{model}' yet.");
        }

        var unknown = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Except(classifier.Labels, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new EvaluationException(400, $"Dataset '{dataset}' has labels model '{model}' version {version} lacks: {string.Join(", ", unknown)}.");
        }

        var outcomes = new List<ItemOutcome>(items.Count);
        var latencies = new List<double>(items.Count);
        var calibration = new List<(double, bool, double)>(items.Count);
        foreach (var item in items)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = classifier.Classify(item.Text);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            outcomes.Add(new ItemOutcome(item.Id, item.Label, answer.Label, Math.Round(answer.Confidence, 4)));
            calibration.Add((answer.Confidence, answer.Label == item.Label,
                answer.Scores.Sum(s => Math.Pow(s.Value - (s.Key == item.Label ? 1 : 0), 2))));
        }

        var report = new EvaluationReport($"v{version}-{dataset}-{Guid.NewGuid().ToString("N")[..8]}",
            model, version, dataset, items.Count, classifier.Labels,
            ClassificationMetrics.Compute(classifier.Labels, [.. outcomes.Select(o => (o.Actual, o.Predicted))]),
            EvaluationStatistics.Calibrate(calibration), EvaluationStatistics.Latency(latencies), time.GetUtcNow(), by, outcomes,
            BehaviourChecks.Measure(classifier.Classify, items, outcomes, classifier.Labels, shipped, options.OutOfDistributionThreshold));
        await store.SaveAsync(report);
        return report;
    }

    /// <summary>The latest evaluation of a version on a dataset, run now if there is none.</summary>
    /// <remarks>A report stored before behaviour was measured is measured again, so that the gate can compare robustness.</remarks>
    public async Task<EvaluationReport> LatestOrRunAsync(string model, int version, string dataset, string by)
    {
        var resolved = await datasets.ResolveAsync(dataset);
        return await store.LatestAsync(model, version, resolved) is { Behaviour: not null } latest ? latest : await RunAsync(model, version, resolved, by);
    }

    public static Comparison Compare(EvaluationReport a, EvaluationReport b)
    {
        var right = b.Outcomes.ToDictionary(o => o.Id, o => o.Actual == o.Predicted, StringComparer.Ordinal);
        var pairs = a.Outcomes.Where(o => right.ContainsKey(o.Id)).Select(o => (A: o.Actual == o.Predicted, B: right[o.Id])).ToList();
        var paired = EvaluationStatistics.Paired(pairs);
        return new Comparison(a.Model, a.Dataset, a.Version, b.Version, a.Metrics.Accuracy, b.Metrics.Accuracy, Math.Round(b.Metrics.Accuracy - a.Metrics.Accuracy, 4),
            paired.DifferenceCi95, paired.OnlyA, paired.OnlyB, paired.P, paired.Significant);
    }
}
