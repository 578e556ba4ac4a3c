namespace Integration.Portal.Api;

/// <summary>The inference service's model loop as the Models page reads it: versions, promotions, evaluations, drift, golden sets.</summary>
public sealed class InferenceApi(HttpClient http, UserToken token) : ServiceApi(http, token, "inference")
{
    /// <summary>The models trained and measured here: the embedded classifiers.</summary>
    public async Task<List<RegistryModelView>> ClassifiersAsync(CancellationToken ct = default) =>
        [.. (await GetAsync<List<RegistryModelView>>("/v1/registry/models", ct)).Where(m => m is { Task: "classify", Backend: "embedded", Split.Count: 0 })];

    /// <summary>Every logical model the gateway serves (what a workflow's model steps name).</summary>
    public Task<List<RegistryModelView>> ModelsAsync(CancellationToken ct = default) => GetAsync<List<RegistryModelView>>("/v1/registry/models", ct);

    public Task<VersionsView> VersionsAsync(string model, CancellationToken ct = default) => GetAsync<VersionsView>($"/v1/training/{Uri.EscapeDataString(model)}/versions", ct);

    public Task<List<PromotionView>> PromotionsAsync(string model, CancellationToken ct = default) => GetAsync<List<PromotionView>>($"/v1/training/{Uri.EscapeDataString(model)}/promotions", ct);

    public Task<List<EvaluationView>> EvaluationsAsync(string model, CancellationToken ct = default) => GetAsync<List<EvaluationView>>($"/v1/evaluations/{Uri.EscapeDataString(model)}", ct);

    /// <summary>Measures a version (the promoted one when null) on the golden set in force, now.</summary>
    public Task<EvaluationView> EvaluateAsync(string model, int? version) => PostAsync<EvaluationView>("/v1/evaluations", new { model, version, dataset = "golden" });

    public Task<DriftReportView> DriftAsync(string model, CancellationToken ct = default) => GetAsync<DriftReportView>($"/v1/drift/{Uri.EscapeDataString(model)}", ct);

    /// <summary>Keeps a window of past traffic as the model's drift reference (400 when it holds too few inputs).</summary>
    public Task<FrozenReferenceView> FreezeDriftReferenceAsync(string model, DateTimeOffset from, DateTimeOffset to) =>
        PutAsync<FrozenReferenceView>($"/v1/drift/{Uri.EscapeDataString(model)}/reference", new { from, to });

    /// <summary>The golden set is the drift reference again.</summary>
    public Task ThawDriftReferenceAsync(string model) => DeleteAsync($"/v1/drift/{Uri.EscapeDataString(model)}/reference");

    public Task<List<DriftAlertView>> DriftAlertsAsync(CancellationToken ct = default) => GetAsync<List<DriftAlertView>>("/v1/drift/alerts", ct);

    public Task<GoldenVersionsView> GoldenVersionsAsync(CancellationToken ct = default) => GetAsync<GoldenVersionsView>("/v1/datasets/golden", ct);

    /// <summary>Trains a candidate version on datasets (shipped, feedback); it is not served until promoted.</summary>
    public Task<TrainingRunView> TrainAsync(string model, IReadOnlyList<string> datasets, ClassifierFeaturesView features) =>
        PostAsync<TrainingRunView>($"/v1/training/{Uri.EscapeDataString(model)}/runs", new { datasets, promote = false, features = features.ToString() });

    /// <summary>Serves a version if it passes the promotion gate (409 naming the failed checks otherwise); an admin may override with a reason.</summary>
    public Task<PromotionResultView> PromoteAsync(string model, int version, string? overrideReason = null) =>
        PostAsync<PromotionResultView>($"/v1/training/{Uri.EscapeDataString(model)}/versions/{version}/promote",
            overrideReason is null ? new { @override = false, reason = (string?)null } : new { @override = true, reason = (string?)overrideReason });

    /// <summary>Freezes a new golden version with a share of each label of the model's reviewed tickets (admins).</summary>
    public Task<GoldenVersionView> FreezeGoldenAsync(string model, double share) => PostAsync<GoldenVersionView>("/v1/datasets/golden", new { model, share });

    /// <summary>Another chat model measured as a classifier on this classifier's golden set, against the serving version (503 when its backend answers nothing).</summary>
    public Task<BackendEvaluationView> EvaluateBackendAsync(string model, string labelsOf, int limit) =>
        PostAsync<BackendEvaluationView>("/v1/evaluations/backends", new { model, labelsOf, dataset = "golden", limit });

    public Task<DrafterEvaluationView> EvaluateDrafterAsync(string model, string labelsOf) =>
        PostAsync<DrafterEvaluationView>("/v1/evaluations/drafters", new { model, labelsOf, dataset = "golden" });

    public Task<List<BackendEvaluationView>> BackendEvaluationsAsync(string model, CancellationToken ct = default) =>
        GetAsync<List<BackendEvaluationView>>($"/v1/evaluations/backends/{Uri.EscapeDataString(model)}", ct);
}
