using System.Collections.Concurrent;
using Integration.Inference.Datasets;
using Integration.Inference.Engine;
using Integration.Inference.Training;

namespace Integration.Inference.Drift;

/// <summary>A set of inputs in figures a person reads: how many, how sure the model was on average, how long they were, the label shares.</summary>
public sealed record DriftFigures(long Items, double MeanConfidence, double MeanWords, IReadOnlyDictionary<string, double> LabelShares);

/// <param name="CentroidDistance">Cosine distance between the mean sentence embeddings of the window and the reference (what the inputs are about).</param>
/// <param name="LengthPsi">Population stability index of the word-count histograms.</param>
/// <param name="LabelPsi">… of the labels the model gave.</param>
/// <param name="ConfidencePsi">… of the model's confidences (a model growing unsure shows here first). An alert needs each PSI to exceed
/// what chance gives with so few inputs by the configured threshold.</param>
/// <param name="Severity">The largest of the measures as a share of its alert threshold (above 1 is an alert).</param>
/// <param name="Note">Why there are no figures (too few inputs), when there are none.</param>
/// <param name="Frozen">The window of past traffic that is the reference, when one was frozen (null: the golden set is).</param>
public sealed record DriftReport(
    string Model, DateTimeOffset From, DateTimeOffset To, DriftFigures Window, string Reference, DriftFigures ReferenceFigures,
    double? CentroidDistance, double? LengthPsi, double? LabelPsi, double? ConfidencePsi, double Severity, bool Alert, IReadOnlyList<string> Reasons, string? Note,
    FrozenReference? Frozen = null);

/// <summary>
/// Drift of a classifier's inputs: its recent window (from <see cref="DriftStore"/>) against a reference, which is the
/// golden set in force as the version serving sees it (embedded, and classified by that version for its label and
/// confidence histograms), worked out once per version and golden version. The golden set is the reference because it is
/// held out: on its training set a model is surer than on anything new, so that reference would call all traffic drift.
/// A window of past traffic frozen as the reference (<see cref="DriftStore.FreezeAsync"/>) replaces it: "the new normal"
/// after a change people accepted.
/// </summary>
public sealed class DriftReports(DriftOptions options, DriftStore store, DatasetStore datasets, ClassifierVersions versions, SentenceEmbedder embedder,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Model, int Version, int Golden), Lazy<Task<DriftFeatures>>> _references = new();

    public async Task<DriftReport> ReportAsync(string model, TimeSpan window)
    {
        var to = time.GetUtcNow();
        var from = to - window;
        var recent = await store.ReadAsync(model, from, to);
        var active = await versions.ActiveAsync(model) ?? throw new InvalidOperationException($"Model '{model}' has no promoted version to compare with.");
        DriftFeatures reference;
        string referenceName;
        FrozenReference? about = null;
        if (await store.FrozenAsync(model) is { } frozen)
        {
            about = frozen.About;
            reference = frozen.Features;
            referenceName = $"traffic from {about.From:yyyy-MM-dd HH:mm} to {about.To:yyyy-MM-dd HH:mm} UTC ({about.Items} inputs, answered by version {about.Version}), " +
                            $"frozen by {about.FrozenBy}";
        }
        else
        {
            var golden = await datasets.GoldenVersionAsync();
            reference = await _references.GetOrAdd((model, active.Version, golden),
                key => new Lazy<Task<DriftFeatures>>(() => ReferenceAsync(active.Classifier))).Value;
            referenceName = $"golden set {golden} ({reference.Items} held-out items) as version {active.Version} classifies it";
        }

        if (recent.Items < options.MinimumItems)
        {
            return new DriftReport(model, from, to, Figures(recent), referenceName, Figures(reference), null, null, null, null, 0, false, [],
                $"{recent.Items} {(recent.Items == 1 ? "input" : "inputs")} in the window; at least {options.MinimumItems} are needed to judge drift.", about);
        }

        var labels = recent.Labels.Keys.Union(reference.Labels.Keys).Order(StringComparer.Ordinal).ToList();
        var centroid = Math.Round(DriftFeatures.CentroidDistance(recent.EmbeddingSum, reference.EmbeddingSum), 4);
        var length = Math.Round(DriftFeatures.Psi(recent.Lengths, reference.Lengths), 4);
        var label = Math.Round(DriftFeatures.Psi([.. labels.Select(l => recent.Labels.GetValueOrDefault(l))], [.. labels.Select(l => reference.Labels.GetValueOrDefault(l))]), 4);
        var confidence = Math.Round(DriftFeatures.Psi(recent.Confidences, reference.Confidences), 4);
        var reasons = new List<string>();
        var severity = centroid / options.CentroidAlert;
        if (centroid > options.CentroidAlert)
        {
            reasons.Add($"what the inputs are about moved: centroid distance {centroid} > {options.CentroidAlert}");
        }

        // A histogram of few inputs differs from the reference by chance alone: PSI is about (bins - 1)(1/n + 1/m) with no
        // shift at all (0.24 for 40 inputs in ten bins). What counts is how far it is above that.
        foreach (var (name, psi, bins) in new[] { ("length", length, recent.Lengths.Length), ("label", label, labels.Count), ("confidence", confidence, recent.Confidences.Length) })
        {
            var chance = Math.Round((bins - 1) * (1.0 / recent.Items + 1.0 / reference.Items), 4);
            severity = Math.Max(severity, (psi - chance) / options.PsiAlert);
            if (psi - chance > options.PsiAlert)
            {
                reasons.Add($"the {name} distribution shifted: PSI {psi}, more than {options.PsiAlert} above the {chance} chance gives with {recent.Items} inputs");
            }
        }

        return new DriftReport(model, from, to, Figures(recent), referenceName, Figures(reference), centroid, length, label, confidence, Math.Round(severity, 4),
            reasons.Count > 0, reasons, null, about);
    }

    private async Task<DriftFeatures> ReferenceAsync(TextClassifier classifier)
    {
        var items = await datasets.GoldenAsync();
        var embeddings = embedder.EmbedRemembered([.. items.Select(i => i.Text)]);
        var features = new DriftFeatures();
        for (var i = 0; i < items.Count; i++)
        {
            var answer = classifier.Classify(items[i].Text);
            features.Add(items[i].Text, answer.Label, Math.Round(answer.Confidence, 4), embeddings[i]);
        }

        return features;
    }

    private static DriftFigures Figures(DriftFeatures features) => new(features.Items,
        features.Items == 0 ? 0 : Math.Round(features.ConfidenceSum / features.Items, 4),
        features.Items == 0 ? 0 : Math.Round((double)features.WordSum / features.Items, 1),
        features.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => Math.Round((double)l.Value / Math.Max(1, features.Items), 4)));
}
