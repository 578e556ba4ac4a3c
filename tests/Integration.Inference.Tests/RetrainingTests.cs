using System.Net.Http.Json;
using Integration.Inference.Evaluation;
using Integration.Inference.Training;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inference.Tests;

/// <summary>
/// The flywheel closing by itself: once enough reviewers' corrections have come in, the service trains a candidate on
/// the shipped and feedback datasets and puts it through the promotion gate, without anyone asking.
/// </summary>
public sealed class RetrainingTests(RetrainingTests.RetrainingFactory service) : IClassFixture<RetrainingTests.RetrainingFactory>
{
    private const string Model = "ticket-classifier";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <remarks>
    /// The 25 corrections are one phrasing of one label: a candidate trained on them leans towards that label and does worse
    /// on the golden set, so the gate must refuse it and the version serving goes on serving.
    /// </remarks>
    [Fact]
    public async Task Enough_new_feedback_trains_a_candidate_on_shipped_and_feedback_which_the_gate_refuses_when_it_is_worse()
    {
        var workflows = service.CreateClient("workflows", Roles.Service);
        var designer = service.CreateClient("dora", Roles.Designer);
        var items = Enumerable.Range(0, 25)
            .Select(i => new { id = $"task-{i}:classify", text = $"Please send me a return label for the <PRODUCT_1> in order {1000 + i}, it does not fit", label = "returns", source = "feedback:zendesk-ticket-triage" })
            .ToArray();
        using var added = await workflows.PostAsJsonAsync("/v1/datasets/feedback/items", new { model = Model, items }, Cancel);
        added.EnsureSuccessStatusCode();

        // The version is stored before the gate has judged it: wait for the gate's verdict, which comes last.
        PromotionRecord? verdict = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (verdict is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, Cancel);
            var promotions = await designer.GetFromJsonAsync<List<PromotionRecord>>($"/v1/training/{Model}/promotions", Cancel);
            verdict = promotions!.SingleOrDefault(p => p.By == "retraining");
        }

        Assert.NotNull(verdict);
        var versions = await designer.GetFromJsonAsync<VersionsResponse>($"/v1/training/{Model}/versions", Cancel);
        var retrained = Assert.Single(versions!.Versions, v => v.TrainedBy == "retraining");
        Assert.Equal(retrained.Version, verdict.Version);
        Assert.Contains("feedback (25)", retrained.Dataset);
        Assert.Equal("retraining", verdict.By);
        Assert.Equal(PromotionOutcome.Refused, verdict.Outcome);
        Assert.Contains(verdict.Checks, c => c is { Gate: "accuracy", Passed: false });
        var now = await designer.GetFromJsonAsync<VersionsResponse>($"/v1/training/{Model}/versions", Cancel);
        Assert.Equal(verdict.Replaced, now!.Promoted);
        Assert.NotEqual(retrained.Version, now.Promoted);

        // Nothing new since: not due again.
        Assert.Null(await service.Services.GetRequiredService<RetrainingLoop>().RetrainIfDueAsync(Model, Cancel));
    }

    public sealed class RetrainingFactory : ServiceFactory<Program>
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Inference:Retraining:AfterFeedbackItems"] = "20",
            ["Inference:Retraining:CheckInterval"] = "00:00:01",
            ["Inference:Retraining:AutoPromote"] = "true",
        };
    }
}
