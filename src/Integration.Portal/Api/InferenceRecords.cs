namespace Integration.Portal.Api;

// The inference service's answers, as the Portal reads them (consumer-owned: only what the screens show).

public sealed record MetricsView(double Accuracy, double MacroF1);

public sealed record CalibrationView(double Ece, double Brier);

public sealed record PerturbationView(string Perturbation, double Accuracy, double FlipRate);

public sealed record ConsistencyView(int Groups, int Texts, double ConsistentShare, double Accuracy);

public sealed record OutOfDistributionView(int Items, double Threshold, double FlaggedShare, double InDistributionFlaggedShare, double Auroc);

public sealed record BehaviourView(IReadOnlyList<PerturbationView> Robustness, ConsistencyView? Consistency, OutOfDistributionView OutOfDistribution);

public sealed record EvaluationView(string Id, string Model, int Version, string Dataset, int Items, MetricsView Metrics, CalibrationView Calibration,
    DateTimeOffset At, string By, BehaviourView? Behaviour);

public sealed record ClassifierVersionView(string Model, int Version, DateTimeOffset TrainedAt, string TrainedBy, string Dataset, int TrainExamples,
    ClassifierFeaturesView Features = ClassifierFeaturesView.Words);

/// <summary>What a classifier version reads: words alone, or words and the text's sentence embedding.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ClassifierFeaturesView>))]
public enum ClassifierFeaturesView
{
    Words,
    WordsAndMeaning,
}

public sealed record VersionsView(string Model, int? Promoted, IReadOnlyList<ClassifierVersionView> Versions);

public sealed record GateCheckView(string Gate, bool Passed, string Detail);

public sealed record PromotionView(string Model, int Version, int? Replaced, string Outcome, IReadOnlyList<GateCheckView> Checks, string By, string? Override, DateTimeOffset At);

public sealed record DriftFiguresView(long Items, double MeanConfidence, double MeanWords, IReadOnlyDictionary<string, double> LabelShares);

public sealed record DriftReportView(string Model, DateTimeOffset From, DateTimeOffset To, DriftFiguresView Window, string Reference, DriftFiguresView ReferenceFigures,
    double? CentroidDistance, double? LengthPsi, double? LabelPsi, double? ConfidencePsi, double Severity, bool Alert, IReadOnlyList<string> Reasons, string? Note,
    FrozenReferenceView? Frozen = null);

public sealed record FrozenReferenceView(string Model, DateTimeOffset From, DateTimeOffset To, long Items, int? Version, string FrozenBy, DateTimeOffset FrozenAt);

public sealed record DriftAlertView(string Model, DateTimeOffset At, IReadOnlyList<string> Reasons, long Items);

public sealed record GoldenVersionView(int Version, int Items, int Added, IReadOnlyDictionary<string, int> AddedByLabel, string Provenance, string By, DateTimeOffset At);

public sealed record GoldenVersionsView(int Current, IReadOnlyList<GoldenVersionView> Frozen);

public sealed record RegistryModelView(string Name, string Task, string Backend, string Description, IReadOnlyList<System.Text.Json.JsonElement> Split);

public sealed record LeakageView(int Exact, int Near);

/// <summary>A training run's answer: the new version, whether it was promoted, what was left out as golden or near-golden.</summary>
public sealed record TrainingRunView(ClassifierVersionView Version, bool Promoted, LeakageView Leakage, IReadOnlyList<GateCheckView>? Gate);

public sealed record PromotionResultView(string Model, int? Promoted, IReadOnlyList<GateCheckView> Checks, string? Override);

/// <summary>The serving embedded classifier on the same items as a backend model.</summary>
public sealed record AgainstClassifierView(int ClassifierVersion, double ClassifierAccuracy, double BackendAccuracy, double Difference, double[] DifferenceCi95,
    double McNemarP, bool Significant, decimal? ClassifierCostPerItem);

public sealed record LatencyView(double P50Ms, double P95Ms);

/// <summary>What an "auto-approve at classifier confidence ≥ τ" rule would pass, and how good it would be.</summary>
public sealed record ThresholdView(double Threshold, int Items, double Share, double OnTopicShare, double ClassifierAccuracy);

public sealed record LabelDraftView(int Items, double GroundedShare, double OnTopicShare);

/// <summary>A grounded drafter measured on labelled tickets: grounded, leaning on an article of the ticket's category.</summary>
public sealed record DrafterEvaluationView(string Model, string Backend, string Dataset, string LabelsOf, int ClassifierVersion, int Items, int Failed,
    double GroundedShare, double OnTopicShare, double AnyCitationOnTopicShare, double MeanWords, IReadOnlyDictionary<string, LabelDraftView> PerLabel,
    IReadOnlyList<ThresholdView> Thresholds, LatencyView Latency, DateTimeOffset At, string By);

/// <summary>Another chat model (an LLM behind Ollama or an OpenAI-compatible API) measured as a classifier.</summary>
public sealed record BackendEvaluationView(string Id, string Model, string Backend, string BackendModel, string Dataset, int Items, MetricsView Metrics,
    int Unparsed, int Failed, LatencyView Latency, long TokensIn, long TokensOut, decimal? Cost, decimal? CostPerItem, AgainstClassifierView? Against,
    DateTimeOffset At, string By);
