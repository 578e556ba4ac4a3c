namespace Integration.Contracts.Inference;

public static class TrainingRoutes
{
    /// <summary>POST: a training run of an embedded classifier (roles admin, designer, service).</summary>
    public static string Runs(string model) => $"/v1/training/{Uri.EscapeDataString(model)}/runs";
}

/// <summary>A training run a workflow step asks for: on the union of named datasets, put through the promotion gate when <paramref name="Promote"/>.</summary>
/// <param name="IdempotencyKey">The same for every retry of one step: a repeat answers the first run's result and trains nothing.</param>
/// <param name="RequestedBy">The person whose decision asked for it (who approved the gate before the step): kept as who trained and promoted, with the service.</param>
public sealed record RetrainingRequest(IReadOnlyList<string> Datasets, bool Promote, string IdempotencyKey, string? RequestedBy = null);

/// <summary>What a workflow reads back from a training run (a part of the training API's answer).</summary>
/// <param name="Gate">The promotion gate's checks, when promotion was asked for.</param>
public sealed record RetrainingResult(RetrainedVersion Version, bool Promoted, RetrainingLeakage Leakage, IReadOnlyList<RetrainingCheck>? Gate);

public sealed record RetrainedVersion(string Model, int Version, string TrainedBy, string Dataset, int TrainExamples);

/// <summary>Items left out of training because they were golden items, exactly or nearly.</summary>
public sealed record RetrainingLeakage(int Exact, int Near);

public sealed record RetrainingCheck(string Gate, bool Passed, string Detail);
