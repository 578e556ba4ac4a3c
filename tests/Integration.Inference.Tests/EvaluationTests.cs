using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Inference;
using Integration.Inference.Datasets;
using Integration.Inference.Evaluation;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inference.Tests;

/// <summary>
/// Datasets with a frozen golden set nothing trains on, evaluations of any version on it (metrics, calibration, latency),
/// paired comparisons, feedback from the workflows as training data, and the gate a version must pass to serve.
/// </summary>
public sealed class EvaluationTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private const string Model = "ticket-classifier";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task The_golden_set_is_a_fifth_of_each_label_kept_out_of_the_shipped_training_set()
    {
        var summaries = await Designer.GetFromJsonAsync<List<DatasetSummary>>($"/v1/datasets?model={Model}", JsonSerializerOptions.Web, Cancel);

        var golden = summaries!.Single(d => d.Name == "golden");
        var shipped = summaries!.Single(d => d.Name == "shipped");
        Assert.Equal(120, golden.Items);
        Assert.All(golden.Labels.Values, count => Assert.Equal(15, count));
        Assert.Equal(600 - 120 - 34, shipped.Items); // less the golden set and its look-alikes
        Assert.Contains("34 look-alikes", shipped.Provenance);
        Assert.Contains("frozen", golden.Provenance);
    }

    [Fact]
    public async Task The_promoted_version_is_measured_on_the_golden_set_with_calibration_and_latency()
    {
        using var response = await Designer.PostAsJsonAsync("/v1/evaluations", new { model = Model }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<EvaluationReport>(JsonSerializerOptions.Web, Cancel))!;
        Assert.Equal(("golden@1", 120, 8), (report.Dataset, report.Items, report.Labels.Count)); // the version in force, by number
        Assert.InRange(report.Metrics.Accuracy, 0.75, 0.99);
        Assert.InRange(report.Metrics.MacroF1, 0.75, 0.99);
        Assert.Equal(120, report.Metrics.Confusion.Counts.Sum(row => row.Sum()));
        Assert.InRange(report.Calibration.Ece, 0, 1);
        Assert.InRange(report.Calibration.Brier, 0, 2);
        Assert.Equal(120, report.Calibration.Bins.Sum(b => b.Items));
        Assert.True(report.Latency.P50Ms > 0 && report.Latency.P95Ms >= report.Latency.P50Ms);
        Assert.Equal(report.Metrics.Accuracy, Math.Round(report.Outcomes.Count(o => o.Actual == o.Predicted) / 120.0, 4));
        var stored = await Designer.GetFromJsonAsync<EvaluationReport>($"/v1/evaluations/{Model}/{report.Id}", JsonSerializerOptions.Web, Cancel);
        Assert.Equal(report.Metrics.Accuracy, stored!.Metrics.Accuracy);

        // Behaviour beyond accuracy: perturbed items, paraphrase groups, off-topic texts.
        var behaviour = report.Behaviour!;
        Assert.Equal(BehaviourChecks.Perturbations, behaviour.Robustness.Select(r => r.Perturbation));
        Assert.All(behaviour.Robustness, r => Assert.InRange(r.Accuracy, 0.3, 1));
        Assert.Equal((16, 64), (behaviour.Consistency!.Groups, behaviour.Consistency.Texts));
        Assert.InRange(behaviour.Consistency.ConsistentShare, 0, 1);
        Assert.Equal(30, behaviour.OutOfDistribution.Items);
        // The shipped model is less sure of texts no label fits than of its own: confidence tells them apart better than chance.
        Assert.True(behaviour.OutOfDistribution.Auroc > 0.6, $"AUROC {behaviour.OutOfDistribution.Auroc}");
        Assert.True(behaviour.OutOfDistribution.FlaggedShare > behaviour.OutOfDistribution.InDistributionFlaggedShare,
            $"flagged {behaviour.OutOfDistribution.FlaggedShare} of off-topic, {behaviour.OutOfDistribution.InDistributionFlaggedShare} of golden");
        Assert.Equal(behaviour.RobustAccuracy, stored.Behaviour!.RobustAccuracy);
    }

    [Fact]
    public async Task Golden_items_never_train_and_look_alikes_are_dropped_and_counted()
    {
        var golden = await GoldenItemsAsync();
        var shipped = await Designer.PostAsJsonAsync($"/v1/training/{Model}/runs", new { datasets = new[] { "shipped", "golden" } }, Cancel);
        var copies = golden.Take(4).Select(g => new { text = g.Text, label = g.Label })
            .Concat(golden.Skip(4).Take(3).Select(g => new { text = g.Text.ToUpperInvariant() + "!", label = g.Label }))
            .Concat(Enumerable.Range(0, 40).Select(i => new { text = $"my parcel {i} has not moved for days", label = "shipping" }))
            .Concat(Enumerable.Range(0, 40).Select(i => new { text = $"the invoice {i} charges me twice", label = "billing" }));

        using var leaky = await Designer.PostAsJsonAsync($"/v1/training/{Model}/runs", new { examples = copies }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, shipped.StatusCode);
        Assert.Contains("never trained on", await shipped.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.Created, leaky.StatusCode);
        var body = JsonDocument.Parse(await leaky.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.Equal(7, body.GetProperty("leakage").GetProperty("exact").GetInt32() + body.GetProperty("leakage").GetProperty("near").GetInt32());
        Assert.Equal(7, body.GetProperty("leakage").GetProperty("exact").GetInt32()); // casing and punctuation do not hide a copy
    }

    [Fact]
    public async Task A_worse_version_is_refused_by_the_gate_and_the_comparison_says_it_is_worse_beyond_chance()
    {
        // The shipped dataset cut to a tenth: the same eight labels, much less to learn from.
        var few = (await Designer.GetFromJsonAsync<List<DatasetSummary>>($"/v1/datasets?model={Model}", JsonSerializerOptions.Web, Cancel))!;
        Assert.NotEmpty(few);
        var small = (await ShippedItemsAsync()).GroupBy(i => i.Label).SelectMany(g => g.Take(6)).Select(i => new { text = i.Text, label = i.Label });
        using var trained = await Designer.PostAsJsonAsync($"/v1/training/{Model}/runs", new { examples = small, testFraction = 0.34, promote = true }, Cancel);
        Assert.Equal(HttpStatusCode.Created, trained.StatusCode);
        var run = JsonDocument.Parse(await trained.Content.ReadAsStringAsync(Cancel)).RootElement;
        var version = run.GetProperty("version").GetProperty("version").GetInt32();
        Assert.False(run.GetProperty("promoted").GetBoolean());
        Assert.Contains(run.GetProperty("gate").EnumerateArray(), c => c.GetProperty("gate").GetString() == "accuracy" && !c.GetProperty("passed").GetBoolean());

        using var promote = await Designer.PostAsync($"/v1/training/{Model}/versions/{version}/promote", null, Cancel);
        using var compared = await Designer.PostAsJsonAsync("/v1/evaluations/compare", new { model = Model, a = 1, b = version }, Cancel);

        Assert.Equal(HttpStatusCode.Conflict, promote.StatusCode);
        Assert.Contains("accuracy", JsonDocument.Parse(await promote.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("detail").GetString());
        var comparison = (await compared.Content.ReadFromJsonAsync<Comparison>(JsonSerializerOptions.Web, Cancel))!;
        Assert.True(comparison.Difference < 0, $"difference {comparison.Difference}");
        Assert.True(comparison.OnlyARight > comparison.OnlyBRight);
        Assert.True(comparison.Significant, $"McNemar p {comparison.McNemarP}");
        Assert.True(comparison.DifferenceCi95[1] < 0, $"interval {string.Join(", ", comparison.DifferenceCi95)}");
    }

    [Fact]
    public async Task Feedback_items_from_the_workflows_are_kept_once_and_trained_on_with_the_shipped_set()
    {
        var workflows = service.CreateClient("workflows", Roles.Service);
        var items = Enumerable.Range(0, 10).Select(i => new { id = $"task-{i}:classify", text = $"The <PRODUCT_1> I got is not the one I ordered, number {i}", label = "returns", source = "feedback:zendesk-ticket-triage" }).ToArray();

        var first = await (await workflows.PostAsJsonAsync("/v1/datasets/feedback/items", new { model = Model, items }, Cancel)).Content.ReadFromJsonAsync<FeedbackAdded>(Cancel);
        var again = await (await workflows.PostAsJsonAsync("/v1/datasets/feedback/items", new { model = Model, items }, Cancel)).Content.ReadFromJsonAsync<FeedbackAdded>(Cancel);
        using var union = await Designer.PostAsJsonAsync($"/v1/training/{Model}/runs", new { datasets = new[] { "shipped", "feedback" } }, Cancel);
        using var bad = await workflows.PostAsJsonAsync("/v1/datasets/feedback/items", new { model = Model, items = new[] { new { id = "", text = "x", label = "" } } }, Cancel);

        Assert.Equal((10, 10), (first!.Received, first.Added));
        Assert.Equal(0, again!.Added);
        Assert.Equal(HttpStatusCode.Created, union.StatusCode);
        Assert.Contains("feedback (10)", JsonDocument.Parse(await union.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("version").GetProperty("dataset").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.items[0].id", out _) && errors.TryGetProperty("$.items[0].label", out _));
    }

    [Fact]
    public async Task Unknown_versions_datasets_and_labels_the_model_lacks_are_named()
    {
        var twoLabels = Enumerable.Range(0, 20).SelectMany(i => new[] { new { text = $"refund {i} please", label = "billing" }, new { text = $"parcel {i} late", label = "shipping" } });
        using var trained = await Designer.PostAsJsonAsync($"/v1/training/{Model}/runs", new { examples = twoLabels }, Cancel);
        var version = JsonDocument.Parse(await trained.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("version").GetProperty("version").GetInt32();

        using var lacking = await Designer.PostAsJsonAsync("/v1/evaluations", new { model = Model, version }, Cancel);
        using var noVersion = await Designer.PostAsJsonAsync("/v1/evaluations", new { model = Model, version = 999 }, Cancel);
        using var noDataset = await Designer.PostAsJsonAsync("/v1/evaluations", new { model = Model, version = 1, dataset = "production" }, Cancel);
        using var noModel = await Designer.PostAsJsonAsync("/v1/evaluations", new { model = "nobody" }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, lacking.StatusCode);
        Assert.Contains("lacks: account, order_change, privacy, product, returns, technical", await lacking.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
        Assert.Contains("no version 999", await noVersion.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.NotFound, noDataset.StatusCode);
        Assert.Contains("no dataset 'production'", await noDataset.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.NotFound, noModel.StatusCode);
    }

    private async Task<IReadOnlyList<DatasetItem>> GoldenItemsAsync() => await service.Services.GetRequiredService<DatasetStore>().GoldenAsync();

    private async Task<IReadOnlyList<DatasetItem>> ShippedItemsAsync() => await service.Services.GetRequiredService<DatasetStore>().ShippedAsync();
}

/// <summary>The shipped list of golden look-alikes is what the golden set and the sentence embeddings say it is.</summary>
public sealed class GoldenLookAlikeTests
{
    [Fact]
    public void The_shipped_look_alike_list_matches_the_golden_set_and_the_embeddings()
    {
        var shipped = Integration.Inference.Engine.ShippedData.Load(Path.Combine(AppContext.BaseDirectory, "Data"));
        var embedder = new Integration.Inference.Engine.SentenceEmbedder();

        var computed = GoldenSet.LookAlikes(shipped.TicketItems, GoldenSet.Draw(shipped.TicketItems), embedder.Embed);

        Assert.True(computed.Order(StringComparer.Ordinal).SequenceEqual(shipped.GoldenLookAlikes.Order(StringComparer.Ordinal)),
            $"src/Integration.Inference/Data/{Integration.Inference.Engine.ShippedData.GoldenLookAlikesFile} should read: {JsonSerializer.Serialize(computed)}");
        Assert.NotEmpty(computed);
    }
}
