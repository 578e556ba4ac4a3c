using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Integration.Inference.Evaluation;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Tests;

/// <summary>The grounded drafters measured on the golden tickets: grounded, leaning on an article of the ticket's category, and what an auto-approval threshold would pass.</summary>
public sealed class DrafterEvaluationTests(InferenceFactory service) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task Each_reply_is_judged_by_the_category_of_the_article_it_cites_first()
    {
        var report = await RunAsync(new { model = "reply-drafter-concise" });
        TestContext.Current.TestOutputHelper?.WriteLine($"reply-drafter-concise on {report.Dataset} ({report.Items}): grounded {report.GroundedShare:P1}, on topic {report.OnTopicShare:P1}, " +
            $"any citation on topic {report.AnyCitationOnTopicShare:P1}, {report.MeanWords} words, p50 {report.Latency.P50Ms} ms; " +
            string.Join("; ", report.Thresholds.Select(t => $"≥{t.Threshold}: {t.Share:P1} passed, on topic {t.OnTopicShare:P1}, classifier right {t.ClassifierAccuracy:P1}")));

        // The categories come from the shipped articles themselves, not from the evaluator's say-so.
        var categories = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "kb"), "*.md").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f), f => Regex.Match(File.ReadAllText(f), @"category:\s*([a-z_]+)").Groups[1].Value);
        Assert.Equal(report.Items, report.Outcomes.Count);
        Assert.Equal(0, report.Failed);
        foreach (var outcome in report.Outcomes)
        {
            Assert.Equal(outcome.Cited.Select(c => categories[c]), outcome.CitedCategories);
            Assert.Equal(outcome.Grounded && outcome.CitedCategories.FirstOrDefault() == outcome.Label, outcome.OnTopic);
            Assert.True(outcome.Grounded == outcome.Cited.Count > 0, $"{outcome.Id}: a grounded reply cites, one that is not cites nothing");
            Assert.InRange(outcome.Cited.Count, 0, 1);
            Assert.NotNull(outcome.ClassifierConfidence);
        }

        Assert.Equal(Math.Round(report.Outcomes.Count(o => o.OnTopic) / (double)report.Items, 4), report.OnTopicShare);
        Assert.Equal(report.Outcomes.Select(o => o.Label).Distinct().Order(), report.PerLabel.Keys.Order());
        // A higher threshold passes fewer tickets; each row counts what it says.
        Assert.Equal(report.Thresholds.Select(t => t.Items).OrderDescending(), report.Thresholds.Select(t => t.Items));
        foreach (var row in report.Thresholds)
        {
            var sure = report.Outcomes.Where(o => o.ClassifierConfidence >= row.Threshold).ToList();
            Assert.Equal(sure.Count, row.Items);
            Assert.Equal(sure.Count == 0 ? 0 : Math.Round(sure.Count(o => o.OnTopic) / (double)sure.Count, 4), row.OnTopicShare);
        }

        Assert.InRange(report.GroundedShare, 0.5, 1.0);
    }

    [Fact]
    public async Task The_detailed_arm_cites_more_and_leans_on_the_same_first_article()
    {
        var concise = await RunAsync(new { model = "reply-drafter-concise", limit = 40 });
        var detailed = await RunAsync(new { model = "reply-drafter-detailed", limit = 40 });

        Assert.Equal(concise.Outcomes.Select(o => o.Id), detailed.Outcomes.Select(o => o.Id));
        Assert.Equal(concise.GroundedShare, detailed.GroundedShare);
        Assert.Equal(concise.OnTopicShare, detailed.OnTopicShare);
        Assert.True(detailed.AnyCitationOnTopicShare >= concise.AnyCitationOnTopicShare);
        Assert.True(detailed.MeanWords > concise.MeanWords, $"{detailed.MeanWords} words against {concise.MeanWords}");
        Assert.Contains(detailed.Outcomes, o => o.Cited.Count == 2);
    }

    [Fact]
    public async Task Finding_passages_by_meaning_leans_on_the_right_article_more_often_than_by_words()
    {
        var meaning = await RunAsync(new { model = "reply-drafter-concise" });
        var words = await RunAsync(new { model = "drafter-by-words" });
        TestContext.Current.TestOutputHelper?.WriteLine($"on topic: by meaning {meaning.OnTopicShare:P1} (grounded {meaning.GroundedShare:P1}), by words {words.OnTopicShare:P1} (grounded {words.GroundedShare:P1})");

        // The shipped drafters read meaning because it measured better; this is that measurement, on the same tickets.
        Assert.Equal(meaning.Outcomes.Select(o => o.Id), words.Outcomes.Select(o => o.Id));
        Assert.True(meaning.OnTopicShare > words.OnTopicShare, $"by meaning {meaning.OnTopicShare}, by words {words.OnTopicShare}");
    }

    [Theory]
    [InlineData("""{"model":"ticket-classifier"}""", 400, "is a classifier; name a drafter")]
    [InlineData("""{"model":"ticket-extractor"}""", 400, "name a drafter")]
    [InlineData("""{"model":"reply-drafter"}""", 400, "reply-drafter-concise")]
    [InlineData("""{}""", 400, "$.model")]
    [InlineData("""{"model":"reply-drafter-concise","limit":0}""", 400, "$.limit")]
    [InlineData("""{"model":"nope"}""", 404, "not in the registry")]
    [InlineData("""{"model":"reply-drafter-concise","dataset":"nope"}""", 404, "nope")]
    [InlineData("""{"model":"reply-drafter-concise","labelsOf":"reply-drafter-concise"}""", 400, "not an embedded classifier")]
    public async Task Bad_requests_are_refused(string body, int status, string says)
    {
        using var response = await Designer.PostAsync("/v1/evaluations/drafters", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(Cancel));
    }

    private async Task<DrafterEvaluationReport> RunAsync(object request)
    {
        using var response = await Designer.PostAsJsonAsync("/v1/evaluations/drafters", request, Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.Content.ReadFromJsonAsync<DrafterEvaluationReport>(JsonSerializerOptions.Web, Cancel))!;
    }
}
