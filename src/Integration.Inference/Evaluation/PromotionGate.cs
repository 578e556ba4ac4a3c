using System.Text.Json;
using Integration.Contracts.Governance;
using Integration.Inference.Datasets;
using Integration.Inference.Registry;
using Integration.Inference.Training;
using StackExchange.Redis;

namespace Integration.Inference.Evaluation;

/// <summary>One condition of promotion, whether it held, and the figures it was judged on.</summary>
public sealed record GateCheck(string Gate, bool Passed, string Detail);

/// <summary>What became of a version put to the gate.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PromotionOutcome>))]
public enum PromotionOutcome
{
    /// <summary>It passed every check and serves.</summary>
    Promoted,

    /// <summary>It failed a check and an admin promoted it anyway, with a reason.</summary>
    Overridden,

    /// <summary>It failed a check and was left unpromoted; the version serving goes on serving.</summary>
    Refused,
}

/// <param name="Replaced">The version serving before (for a refusal: the one that goes on serving).</param>
/// <param name="Override">The reason an admin gave to promote past failed checks, when one did.</param>
/// <param name="ByRoles">The roles of whoever asked (none for the retraining loop); older records have none.</param>
public sealed record PromotionRecord(string Model, int Version, int? Replaced, PromotionOutcome Outcome, IReadOnlyList<GateCheck> Checks, string By, string? Override,
    DateTimeOffset At, IReadOnlyList<string>? ByRoles = null)
{
    public bool Passed => Checks.All(c => c.Passed);

    /// <summary>The decision as the governance audit keeps it: who, what became of which version, and why.</summary>
    public AuditReport ToAuditReport()
    {
        var subject = $"{Model} v{Version}" + (Replaced is not { } replaced ? "" : Outcome == PromotionOutcome.Refused ? $", v{replaced} goes on serving" : $", replacing v{replaced}");
        var failed = string.Join("; ", Checks.Where(c => !c.Passed).Select(c => $"{c.Gate}: {c.Detail}"));
        var reason = Outcome switch
        {
            PromotionOutcome.Overridden => $"{Override} (past failed checks: {failed})",
            PromotionOutcome.Refused => $"failed checks: {failed}",
            _ => "passed every check: " + string.Join(", ", Checks.Select(c => c.Gate)),
        };
        return new AuditReport(By, [.. (ByRoles ?? []).Where(ServiceDefaults.Auth.Roles.UserRoles.Contains)], "model.promote", Outcome.ToString().ToLowerInvariant(), subject,
            reason.Length <= MaxAuditReason ? reason : reason[..(MaxAuditReason - 1)] + "…");
    }

    /// <summary>The governance audit's limit on a reason.</summary>
    private const int MaxAuditReason = 1000;
}

/// <summary>
/// What a version must show before it serves: a passing evaluation on the golden set, the same labels as the version it
/// replaces, and no drop beyond the configured tolerance in golden-set accuracy, macro-F1 or robustness against it. Every promotion
/// (passed, or overridden by an admin with a reason) is kept in the model's promotion log, and so is every candidate a
/// training run asked to promote that the gate refused (a 409 to a person promoting by hand is answered, not logged).
/// </summary>
public sealed class PromotionGate(Evaluator evaluator, ClassifierVersions versions, InferenceOptions options, IConnectionMultiplexer redis, TimeProvider time,
    Audit.AuditOutbox audit)
{
    private static string Log(string model) => $"inference:models:{model}:promotions";

    /// <summary>The checks, and the candidate's golden-set evaluation (null when it could not be measured there: its labels do not cover the set's).</summary>
    public async Task<(IReadOnlyList<GateCheck> Checks, EvaluationReport? Candidate, EvaluationReport? Current)> CheckAsync(string model, int version, string by)
    {
        EvaluationReport candidate;
        try
        {
            candidate = await evaluator.LatestOrRunAsync(model, version, DatasetNames.Golden, by);
        }
        catch (EvaluationException e) when (e.Status == 400)
        {
            return ([new GateCheck("golden", false, e.Message)], null, null);
        }

        var promoted = await versions.PromotedAsync(model);
        var tolerance = options.PromotionTolerance;
        List<GateCheck> checks = [new("golden", true, $"evaluated on {candidate.Dataset} ({candidate.Items} items): accuracy {candidate.Metrics.Accuracy:0.####}, macro-F1 {candidate.Metrics.MacroF1:0.####}")];
        if (promoted is not { } serving || serving == version || await versions.FindAsync(model, serving) is not { } replaced)
        {
            return (checks, candidate, null);
        }

        var sameLabels = candidate.Labels.Order(StringComparer.Ordinal).SequenceEqual(replaced.Labels.Order(StringComparer.Ordinal));
        checks.Add(new("labels", sameLabels, sameLabels
            ? $"the same {candidate.Labels.Count} labels as version {serving}"
            : $"labels {string.Join(", ", candidate.Labels)} differ from version {serving}'s {string.Join(", ", replaced.Labels)}"));
        EvaluationReport? current;
        try
        {
            current = await evaluator.LatestOrRunAsync(model, serving, DatasetNames.Golden, by);
        }
        catch (EvaluationException e) when (e.Status == 400)
        {
            // The version serving cannot itself be measured on the golden set: there is nothing to regress from.
            checks.Add(new("regression", true, $"version {serving} cannot be measured on the golden set ({e.Message})"));
            return (checks, candidate, null);
        }

        checks.Add(Regression("accuracy", candidate.Metrics.Accuracy, current.Metrics.Accuracy, current.Version, tolerance));
        checks.Add(Regression("macro-f1", candidate.Metrics.MacroF1, current.Metrics.MacroF1, current.Version, tolerance));
        if (candidate.Behaviour is { } candidateBehaviour && current.Behaviour is { } currentBehaviour)
        {
            // The mean accuracy under typos, capitals, greetings and truncation: a version must not be more brittle.
            checks.Add(Regression("robustness", candidateBehaviour.RobustAccuracy, currentBehaviour.RobustAccuracy, current.Version, tolerance));
        }

        return (checks, candidate, current);
    }

    /// <summary>Keeps the decision in the model's promotion log and, in the same transaction, in the outbox to the governance audit.</summary>
    public async Task RecordAsync(PromotionRecord record)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StreamAddAsync(Log(record.Model), "promotion", JsonSerializer.Serialize(record, JsonSerializerOptions.Web));
        audit.AddTo(transaction, record.ToAuditReport());
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"The promotion decision for {record.Model} v{record.Version} was not recorded.");
        }
    }

    public async Task<IReadOnlyList<PromotionRecord>> HistoryAsync(string model) =>
        [.. (await redis.GetDatabase().StreamRangeAsync(Log(model), "-", "+", 200, Order.Descending))
            .Select(e => JsonSerializer.Deserialize<PromotionRecord>(e["promotion"].ToString(), JsonSerializerOptions.Web)!)];

    public DateTimeOffset Now => time.GetUtcNow();

    private static GateCheck Regression(string metric, double candidate, double current, int currentVersion, double tolerance) =>
        new(metric, candidate >= current - tolerance,
            $"{candidate:0.####} against version {currentVersion}'s {current:0.####} (a drop of at most {tolerance:0.####} allowed)");
}
