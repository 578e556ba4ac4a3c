namespace Integration.Contracts.Inference;

/// <summary>Where the inference service takes what reviewers taught its models.</summary>
public static class DatasetRoutes
{
    public const string Datasets = "/v1/datasets";

    /// <summary>Under <see cref="Datasets"/>.</summary>
    public const string FeedbackItemsUnder = "/feedback/items";

    public const string FeedbackItems = Datasets + FeedbackItemsUnder;
}

/// <param name="Id">Stable per example (e.g. <c>{task}:{step}</c>): a repeat of it changes nothing.</param>
/// <param name="Source">Where it came from, e.g. <c>feedback:zendesk-ticket-triage</c>.</param>
public sealed record FeedbackItem(string? Id, string? Text, string? Label, string? Source);

/// <param name="Model">The model the items teach (the one the workflow step named).</param>
public sealed record FeedbackItems(string? Model, IReadOnlyList<FeedbackItem>? Items);

public sealed record FeedbackAdded(string Model, int Received, int Added);
