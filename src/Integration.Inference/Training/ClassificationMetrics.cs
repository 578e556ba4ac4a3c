namespace Integration.Inference.Training;

public sealed record ClassMetrics(double Precision, double Recall, double F1, int Support);

public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, int[][] Counts);

/// <summary>Held-out quality of a classifier: rows of the confusion matrix are the true labels, columns the predicted ones.</summary>
public sealed record ClassificationMetrics(
    int Examples,
    double Accuracy,
    double MacroF1,
    IReadOnlyDictionary<string, ClassMetrics> PerClass,
    ConfusionMatrix Confusion)
{
    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, IReadOnlyList<(string Actual, string Predicted)> outcomes)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var counts = labels.Select(_ => new int[labels.Count]).ToArray();
        foreach (var (actual, predicted) in outcomes)
        {
            counts[index[actual]][index[predicted]]++;
        }

        var perClass = new Dictionary<string, ClassMetrics>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            var truePositives = counts[i][i];
            var predictedAs = counts.Sum(row => row[i]);
            var support = counts[i].Sum();
            var precision = predictedAs == 0 ? 0 : (double)truePositives / predictedAs;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[labels[i]] = new ClassMetrics(Math.Round(precision, 4), Math.Round(recall, 4), Math.Round(f1, 4), support);
        }

        var correct = Enumerable.Range(0, labels.Count).Sum(i => counts[i][i]);
        return new ClassificationMetrics(
            outcomes.Count,
            outcomes.Count == 0 ? 0 : Math.Round((double)correct / outcomes.Count, 4),
            Math.Round(perClass.Values.Average(c => c.F1), 4),
            perClass,
            new ConfusionMatrix(labels, counts));
    }
}
