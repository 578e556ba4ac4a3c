using Integration.Inference.Datasets;
using Integration.Inference.Engine;
using Integration.Inference.Evaluation;

namespace Integration.Inference.Training;

/// <summary>What a training run produced: the stored version, what leakage it left out, and the gate's verdict when promotion was asked for.</summary>
public sealed record TrainingRun(ClassifierVersion Version, Leakage Leakage, IReadOnlyList<GateCheck>? Gate, bool Promoted);

/// <summary>
/// Trains a classifier version on a set of items (golden items and their look-alikes left out), stores it, and promotes
/// it when asked and the promotion gate passes. One run at a time per replica: training takes the cores.
/// </summary>
public sealed class TrainingRuns(ClassifierVersions versions, DatasetStore datasets, PromotionGate gate, SentenceEmbedder sentences, TimeProvider time)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>The items that may be trained on, and what was left out.</summary>
    public async Task<(IReadOnlyList<DatasetItem> Examples, Leakage Leakage)> CleanAsync(IReadOnlyList<DatasetItem> candidates) =>
        GoldenSet.WithoutLeaks(candidates, await datasets.GoldenAsync(), sentences.EmbedRemembered);

    public async Task<TrainingRun> RunAsync(string model, IReadOnlyList<DatasetItem> examples, Leakage leakage, string provenance, TrainingSettings settings,
        string by, bool promote, CancellationToken cancellationToken, IReadOnlyList<string>? byRoles = null)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var outcome = await Task.Run(() => ClassifierTraining.Run([.. examples.Select(e => e.Labeled)], settings, sentences), cancellationToken);
            var stored = await versions.StoreAsync(model, outcome, by,
                leakage.Dropped == 0 ? provenance : $"{provenance}, {leakage.Dropped} golden look-alikes left out", time.GetUtcNow());
            if (!promote)
            {
                return new TrainingRun(stored, leakage, null, false);
            }

            var previous = await versions.PromotedAsync(model);
            var (checks, _, _) = await gate.CheckAsync(model, stored.Version, by);
            var passed = checks.All(c => c.Passed);
            if (passed)
            {
                await versions.PromoteAsync(model, stored.Version);
            }

            await gate.RecordAsync(new PromotionRecord(model, stored.Version, previous, passed ? PromotionOutcome.Promoted : PromotionOutcome.Refused, checks, by, null,
                time.GetUtcNow(), byRoles));
            return new TrainingRun(stored, leakage, checks, passed);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
