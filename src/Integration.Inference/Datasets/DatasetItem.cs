using Integration.Inference.Engine;

namespace Integration.Inference.Datasets;

public static class DatasetNames
{
    /// <summary>The synthetic tickets that ship with the service, less the golden set drawn from them.</summary>
    public const string Shipped = "shipped";

    /// <summary>What reviewers approved or corrected, sent by the workflow service, per model.</summary>
    public const string Feedback = "feedback";

    /// <summary>Frozen; every version is evaluated on it and nothing is trained on it.</summary>
    public const string Golden = "golden";

    public static readonly IReadOnlyList<string> All = [Shipped, Feedback, Golden];
}

/// <param name="Source">Where it came from: <c>shipped</c>, or <c>feedback:{workflow}</c>.</param>
public sealed record DatasetItem(string Id, string Text, string Label, string Source)
{
    public LabeledText Labeled => new(Text, Label);
}

/// <summary>Items of a training set that were golden items, or too alike one to train on, and were left out.</summary>
public sealed record Leakage(int Exact, int Near)
{
    public int Dropped => Exact + Near;
}
