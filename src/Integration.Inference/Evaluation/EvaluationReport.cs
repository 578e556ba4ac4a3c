using Integration.Inference.Training;

namespace Integration.Inference.Evaluation;

/// <summary>Items whose top confidence fell in [From, To): how sure the model was and how often it was right.</summary>
public sealed record CalibrationBin(double From, double To, int Items, double Confidence, double Accuracy);

/// <param name="Ece">Expected calibration error: the items' weighted gap between confidence and accuracy over the bins.</param>
/// <param name="Brier">Mean squared error of the probabilities over every label (0 is perfect, 2 the worst).</param>
public sealed record Calibration(double Ece, double Brier, IReadOnlyList<CalibrationBin> Bins);

public sealed record LatencyFigures(double P50Ms, double P95Ms);

/// <summary>One item: what it is, what the model said and how sure it was.</summary>
public sealed record ItemOutcome(string Id, string Actual, string Predicted, double Confidence);

/// <summary>
/// A model version measured on a dataset, with every item's outcome (what a paired comparison needs) and its behaviour
/// (robustness, consistency, out-of-distribution; null on reports stored before these were measured).
/// </summary>
public sealed record EvaluationReport(
    string Id,
    string Model,
    int Version,
    string Dataset,
    int Items,
    IReadOnlyList<string> Labels,
    ClassificationMetrics Metrics,
    Calibration Calibration,
    LatencyFigures Latency,
    DateTimeOffset At,
    string By,
    IReadOnlyList<ItemOutcome> Outcomes,
    Behaviour? Behaviour = null);

/// <param name="McNemarP">Two-sided exact McNemar p-value over the items one version got right and the other wrong.</param>
/// <param name="DifferenceCi95">A bootstrap 95% interval of B's accuracy minus A's.</param>
public sealed record Comparison(
    string Model, string Dataset, int A, int B, double AccuracyA, double AccuracyB, double Difference, double[] DifferenceCi95,
    int OnlyARight, int OnlyBRight, double McNemarP, bool Significant);
