using Integration.Inference.Engine;

namespace Integration.Inference.Training;

public sealed record TrainingSettings(double TestFraction = 0.2, int Folds = 0, int Seed = 42, ClassifierFeatures Features = TrainingSettings.DefaultFeatures)
{
    /// <summary>What a classifier reads unless a run says otherwise (see ClassifierFeaturesTests for how the two compare).</summary>
    public const ClassifierFeatures DefaultFeatures = ClassifierFeatures.WordsAndMeaning;
}

public sealed record TrainingOutcome(TextClassifier Classifier, ClassificationMetrics HeldOut, IReadOnlyList<ClassificationMetrics> Folds, int TrainExamples);

/// <summary>
/// Stratified hold-out, optional stratified k-fold cross-validation, then the model that is kept: trained on
/// the training part only, so that the reported held-out metrics describe exactly the artifact stored.
/// </summary>
public static class ClassifierTraining
{
    public static TrainingOutcome Run(IReadOnlyList<LabeledText> examples, TrainingSettings settings, SentenceEmbedder? sentences = null)
    {
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var (train, test) = StratifiedSplit.HoldOut(examples, settings.TestFraction, settings.Seed);
        var classifier = TextClassifier.Train(train, settings.Features, sentences);
        var heldOut = Evaluate(classifier, labels, test);

        var folds = new List<ClassificationMetrics>();
        if (settings.Folds >= 2)
        {
            var parts = StratifiedSplit.Folds(examples, settings.Folds, settings.Seed);
            for (var i = 0; i < parts.Count; i++)
            {
                var foldTrain = parts.Where((_, j) => j != i).SelectMany(p => p).ToList();
                folds.Add(Evaluate(TextClassifier.Train(foldTrain, settings.Features, sentences), labels, parts[i]));
            }
        }

        return new TrainingOutcome(classifier, heldOut, folds, train.Count);
    }

    private static ClassificationMetrics Evaluate(TextClassifier classifier, IReadOnlyList<string> labels, IReadOnlyList<LabeledText> test) =>
        ClassificationMetrics.Compute(labels, test.Select(e => (e.Label, classifier.Classify(e.Text).Label)).ToList());
}
