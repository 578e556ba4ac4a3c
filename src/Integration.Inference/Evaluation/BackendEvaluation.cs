using Integration.Inference.Training;

namespace Integration.Inference.Evaluation;

/// <param name="Model">Any chat-capable model in the registry: an Ollama or OpenAI-compatible one, or an embedded one.</param>
/// <param name="LabelsOf">The embedded classifier whose labels, dataset and serving version it is measured against (ticket-classifier by default).</param>
/// <param name="Dataset">golden (the default), golden@N, shipped or feedback.</param>
/// <param name="Limit">At most this many items (1 to 1,000), a spread of the set by a stable hash of their ids; all when absent.</param>
public sealed record BackendEvaluationRequest(string? Model, string? LabelsOf, string? Dataset, int? Limit);

/// <summary>One item: the true label, the label read from the answer ("(none)" when it named none), and the confidence if it gave one.</summary>
public sealed record BackendOutcome(string Id, string Actual, string Predicted, double? Confidence, int TokensIn, int TokensOut);

/// <summary>The backend model and the serving embedded classifier on the same items, item by item.</summary>
/// <param name="McNemarP">Two-sided exact McNemar p over the items one got right and the other wrong.</param>
/// <param name="DifferenceCi95">A bootstrap 95% interval of the backend's accuracy minus the classifier's.</param>
/// <param name="ClassifierCostPerItem">The classifier's configured price for the same texts (its own token counts); null when it has none.</param>
public sealed record AgainstClassifier(
    int ClassifierVersion, double ClassifierAccuracy, double BackendAccuracy, double Difference, double[] DifferenceCi95,
    int OnlyClassifierRight, int OnlyBackendRight, double McNemarP, bool Significant, decimal? ClassifierCostPerItem);

/// <summary>
/// A model that is not an embedded classifier (an LLM behind Ollama or an OpenAI-compatible API, typically) measured as a
/// classifier on a dataset: asked for one label per text, its answers read, scored, timed, counted and priced, and set
/// against the serving embedded classifier on the same items: is the specialised model as good, and what does each cost.
/// </summary>
/// <param name="Unparsed">Answers that named no label (counted wrong, under "(none)" in the confusion matrix).</param>
/// <param name="Failed">Calls the backend did not answer (counted wrong too).</param>
/// <param name="Cost">The model's configured price for the tokens used; null when it has no price.</param>
/// <param name="Calibration">Only when every answer gave a confidence (an LLM's text answer gives none).</param>
public sealed record BackendEvaluationReport(
    string Id, string Model, string Backend, string BackendModel, string LabelsOf, string Dataset, int Items, IReadOnlyList<string> Labels,
    ClassificationMetrics Metrics, int Unparsed, int Failed, Calibration? Calibration, LatencyFigures Latency, long TokensIn, long TokensOut,
    decimal? Cost, decimal? CostPerItem, AgainstClassifier? Against, DateTimeOffset At, string By, IReadOnlyList<BackendOutcome> Outcomes);
