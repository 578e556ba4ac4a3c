namespace Integration.Workflows.Activities.Models;

/// <summary>What the input guard did to a model step's text before the model saw it (the placeholders stay with the instance), and a cut if there was one.</summary>
[GenerateSerializer]
public sealed record GuardSummary(
    [property: Id(0)] GuardDecision Decision,
    [property: Id(1)] string DataClass,
    [property: Id(2)] int Redacted,
    [property: Id(3)] string? Policy,
    [property: Id(4)] TextCut? Cut = null);

/// <summary>A text longer than a model step sends, cut: how long it was and how much of its beginning the model saw.</summary>
[GenerateSerializer]
public sealed record TextCut([property: Id(0)] int Characters, [property: Id(1)] int Kept);

/// <summary>
/// The model call a step made, typed, beside its answer: the model asked for and the one that served (an A/B arm, a
/// fallback), its revision, tokens and cost, and the input guard's summary. Kept with the journal entry of the step's
/// completion; KPIs, feedback records, experiments and the task page read it from there.
/// </summary>
[GenerateSerializer]
public sealed record ModelCall(
    [property: Id(0)] string? Requested,
    [property: Id(1)] string? Served,
    [property: Id(2)] string? Revision,
    [property: Id(3)] long TokensIn,
    [property: Id(4)] long TokensOut,
    [property: Id(5)] decimal? Cost,
    [property: Id(6)] GuardSummary? Guard);
