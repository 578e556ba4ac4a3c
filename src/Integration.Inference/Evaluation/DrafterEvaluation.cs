namespace Integration.Inference.Evaluation;

/// <param name="Model">A drafting model (an arm of <c>reply-drafter</c>, or any embedded grounded drafter).</param>
/// <param name="LabelsOf">The classifier whose confidence the threshold table reads; <c>ticket-classifier</c> when absent.</param>
/// <param name="Dataset">golden (the default), shipped, feedback, golden@N.</param>
/// <param name="Limit">At most this many items, a spread of the set.</param>
public sealed record DrafterEvaluationRequest(string? Model, string? LabelsOf, string? Dataset, int? Limit);

/// <summary>One ticket: its label, whether the reply was drawn from the knowledge base, the categories of the articles it cites, and what the classifier said.</summary>
/// <param name="OnTopic">Grounded, and its first (best) citation is an article of the ticket's own category.</param>
public sealed record DraftOutcome(string Id, string Label, bool Grounded, IReadOnlyList<string> Cited, IReadOnlyList<string> CitedCategories, bool OnTopic,
    int Words, string? ClassifierLabel, double? ClassifierConfidence);

/// <summary>What an approval rule "auto-approve at classifier confidence ≥ τ" would let through without a person.</summary>
/// <param name="Share">Of all items, those at or above the threshold.</param>
/// <param name="OnTopicShare">Of those, replies grounded in an article of the ticket's category.</param>
/// <param name="ClassifierAccuracy">Of those, tickets the classifier labelled right.</param>
public sealed record ThresholdFigures(double Threshold, int Items, double Share, double OnTopicShare, double ClassifierAccuracy);

public sealed record LabelDraftFigures(int Items, double GroundedShare, double OnTopicShare);

/// <summary>
/// A drafter measured on labelled tickets by what can be checked without a reference reply: whether it answered from the
/// knowledge base at all, and whether the article it leans on most is about the ticket's kind of problem (the shipped
/// articles carry a category; an uploaded one without it never counts as on topic). It does not judge wording, tone or
/// whether the cited sentences answer the exact question: no labelled replies ship to score that against.
/// </summary>
/// <param name="AnyCitationOnTopicShare">Grounded replies with at least one citation of the ticket's category.</param>
/// <param name="Thresholds">What an auto-approval at each classifier confidence would pass, and how good it would be.</param>
public sealed record DrafterEvaluationReport(
    string Model, string Backend, string Dataset, string LabelsOf, int ClassifierVersion, int Items, int Failed,
    double GroundedShare, double OnTopicShare, double AnyCitationOnTopicShare, double MeanWords,
    IReadOnlyDictionary<string, LabelDraftFigures> PerLabel, IReadOnlyList<ThresholdFigures> Thresholds,
    LatencyFigures Latency, DateTimeOffset At, string By, IReadOnlyList<DraftOutcome> Outcomes);
