using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Inference.Evaluation;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Tests;

/// <summary>An extraction model measured field by field on the shipped hand-labelled messages, in process and behind Ollama.</summary>
public sealed class ExtractorEvaluationTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task The_extractor_is_scored_per_field_against_the_labels_and_its_misses_are_named()
    {
        var report = await RunAsync("ticket-extractor");
        TestContext.Current.TestOutputHelper?.WriteLine($"ticket-extractor: micro P {report.MicroPrecision} R {report.MicroRecall} F1 {report.MicroF1}, exact {report.ExactShare}; " +
            string.Join("; ", report.Fields.Select(f => $"{f.Field} {f.TruePositives}/{f.Expected} (+{f.FalsePositives})")));

        var labelled = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "extraction.synthetic.json"))).RootElement.GetProperty("items");
        Assert.Equal(labelled.GetArrayLength(), report.Items);
        foreach (var field in report.Fields)
        {
            // What was labelled is either found or missed; the support is the labels' own count.
            Assert.Equal(labelled.EnumerateArray().Sum(i => i.GetProperty("expected").TryGetProperty(field.Field, out var v) ? v.GetArrayLength() : 0), field.Expected);
            Assert.Equal(field.Expected, field.TruePositives + field.FalseNegatives);
        }

        Assert.Equal(report.Fields.Sum(f => f.FalseNegatives), report.Misses.Sum(m => m.Missed.Values.Sum(v => v.Length)));
        Assert.Equal(Math.Round(1 - report.Misses.Count / (double)report.Items, 4), report.ExactShare);
        Assert.InRange(report.MicroF1, 0.5, 1.0);
        // A 5-digit order number after "order number" is one to a person and not to the extractor's patterns: named as missed.
        Assert.Contains(report.Misses, m => m.Id == "x-11" && m.Missed["order_numbers"].Contains("88213"));
    }

    [Fact]
    public async Task The_same_extractor_behind_ollama_scores_the_same()
    {
        var local = await RunAsync("ticket-extractor");
        var remote = await RunAsync("remote-extractor");

        Assert.Equal("upstream-ollama", remote.Backend);
        Assert.Equal(0, remote.Failed);
        Assert.Equal(local.Fields, remote.Fields);
    }

    [Theory]
    [InlineData("""{"model":"ticket-classifier"}""", 400, "is a classifier; name an extraction")]
    [InlineData("""{"model":"reply-drafter"}""", 400, "arms")]
    [InlineData("""{}""", 400, "extraction model")]
    [InlineData("""{"model":"nope"}""", 404, "not in the registry")]
    public async Task Bad_requests_are_refused(string body, int status, string says)
    {
        using var response = await Designer.PostAsync("/v1/evaluations/extractors", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(Cancel));
    }

    private async Task<ExtractorEvaluationReport> RunAsync(string model)
    {
        using var response = await Designer.PostAsJsonAsync("/v1/evaluations/extractors", new { model }, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<ExtractorEvaluationReport>(JsonSerializerOptions.Web, Cancel))!;
    }
}
