using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Inference.Evaluation;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inference.Tests;

/// <summary>
/// A model behind an upstream API measured as a classifier on the golden set, against the serving embedded classifier:
/// the upstream here is a second inference service on a real port, speaking Ollama's and OpenAI's APIs.
/// </summary>
public sealed class BackendEvaluationTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task A_classifier_behind_ollama_is_scored_timed_priced_and_set_against_the_serving_classifier()
    {
        var report = await RunAsync(new { model = "remote-classifier", limit = 40 });

        Assert.Equal(40, report.Items);
        Assert.Equal("upstream-ollama", report.Backend);
        Assert.StartsWith("golden@", report.Dataset);
        Assert.Equal((0, 0), (report.Unparsed, report.Failed));
        Assert.True(report.Metrics.Accuracy > 0.8, $"accuracy {report.Metrics.Accuracy}");
        Assert.NotNull(report.Calibration); // its answers carry every label's score
        Assert.True(report.TokensIn > 0 && report.TokensOut > 0 && report.Latency.P50Ms > 0);
        Assert.Equal(Math.Round(report.TokensIn / 1000m * 0.002m + report.TokensOut / 1000m * 0.006m, 6), report.Cost);

        // Each outcome is what the model answers when asked directly.
        var datasets = service.Services.GetRequiredService<Integration.Inference.Datasets.DatasetStore>();
        var golden = (await datasets.ItemsAsync(report.Dataset, "ticket-classifier"))!;
        foreach (var outcome in report.Outcomes.Take(3))
        {
            var text = golden.Single(i => i.Id == outcome.Id).Text;
            var (_, body) = await service.CreateClient("workflows", Roles.Service).ChatAsync("remote-classifier", text, Cancel);
            Assert.Equal(outcome.Predicted, JsonDocument.Parse(body.GetProperty("message").GetProperty("content").GetString()!).RootElement.GetProperty("label").GetString());
        }

        // Set against the serving classifier item by item on the same golden set.
        var against = report.Against!;
        TestContext.Current.TestOutputHelper?.WriteLine($"remote-classifier on {report.Dataset} ({report.Items} items): accuracy {report.Metrics.Accuracy}, macro-F1 {report.Metrics.MacroF1}, " +
            $"p50 {report.Latency.P50Ms} ms, {report.CostPerItem} per item; serving v{against.ClassifierVersion} {against.ClassifierAccuracy}, McNemar p {against.McNemarP}, {against.ClassifierCostPerItem} per item");
        var serving = (await Designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("promoted").GetInt32();
        Assert.Equal(serving, against.ClassifierVersion);
        Assert.Equal(report.Metrics.Accuracy, against.BackendAccuracy);
        Assert.Equal(Math.Round(against.BackendAccuracy - against.ClassifierAccuracy, 4), against.Difference);
        Assert.InRange(against.McNemarP, 0, 1);
        Assert.NotNull(against.ClassifierCostPerItem);
        Assert.True(against.ClassifierCostPerItem < report.CostPerItem, "the embedded classifier is priced lower here");

        var listed = await Designer.GetFromJsonAsync<List<BackendEvaluationReport>>("/v1/evaluations/backends/remote-classifier", JsonSerializerOptions.Web, Cancel);
        Assert.Contains(listed!, r => r.Id == report.Id);
    }

    [Fact]
    public async Task A_model_whose_answers_name_no_label_is_counted_wrong_and_said_so()
    {
        var report = await RunAsync(new { model = "openai-summarizer", limit = 12 });

        TestContext.Current.TestOutputHelper?.WriteLine($"openai-summarizer: {report.Unparsed} of {report.Items} answers named no label; accuracy {report.Metrics.Accuracy}");
        Assert.Equal("upstream-openai", report.Backend);
        Assert.True(report.Unparsed > 0, "a summary seldom names a label");
        var none = report.Metrics.Confusion.Labels.ToList().IndexOf(BackendEvaluator.None);
        Assert.Equal(report.Unparsed, report.Metrics.Confusion.Counts.Sum(row => row[none]));
        Assert.Null(report.Calibration); // no scores, no calibration
        Assert.Null(report.Cost); // no price configured
        Assert.DoesNotContain(BackendEvaluator.None, report.Labels);
    }

    [Theory]
    [InlineData("""{"model":"reply-drafter"}""", 400, "$.model", "arms by name")]
    [InlineData("""{"model":"kb-embedder"}""", 400, "$.model", "embeddings")]
    [InlineData("""{"model":"ticket-classifier"}""", 400, "$.model", "POST /v1/evaluations")]
    [InlineData("""{"model":"remote-classifier","limit":0}""", 400, "$.limit", "1 to 1000")]
    [InlineData("""{"model":"no-such-model"}""", 404, null, "not in the registry")]
    [InlineData("""{"model":"remote-classifier","labelsOf":"ticket-summarizer"}""", 400, null, "not an embedded classifier")]
    [InlineData("""{"model":"remote-classifier","dataset":"nope"}""", 404, null, "no dataset 'nope'")]
    [InlineData("""{"model":"down-chat","limit":3}""", 503, null, "answered none of the 3 items")]
    public async Task Bad_requests_are_refused_at_their_path(string body, int status, string? path, string says)
    {
        using var response = await Designer.PostAsync("/v1/evaluations/backends", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains(says, path is null ? problem.GetProperty("detail").GetString() : problem.GetProperty("errors").GetProperty(path)[0].GetString());
    }

    [Theory]
    [InlineData("""{"label":"billing","confidence":0.91,"scores":{"billing":0.91,"shipping":0.09}}""", "billing", 0.91)]
    [InlineData("Order change.", "order_change", null)]
    [InlineData("I would say ORDER-CHANGE, maybe shipping", "order_change", null)]
    [InlineData("It is about a parcel.", null, null)]
    [InlineData("""{"label":"weather"}""", null, null)]
    public void An_answer_is_read_as_json_or_as_the_first_label_it_names(string answer, string? label, double? confidence)
    {
        var (read, sure, _) = BackendEvaluator.Read(answer, ["billing", "shipping", "order_change"]);

        Assert.Equal(label, read);
        Assert.Equal(confidence, sure);
    }

    private async Task<BackendEvaluationReport> RunAsync(object request)
    {
        using var response = await Designer.PostAsJsonAsync("/v1/evaluations/backends", request, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<BackendEvaluationReport>(JsonSerializerOptions.Web, Cancel))!;
    }
}
