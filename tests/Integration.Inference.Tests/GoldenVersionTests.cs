using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Inference.Datasets;
using Integration.Inference.Evaluation;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Inference.Tests;

/// <summary>Golden sets that follow production: a new version adds reviewed tickets from feedback, and nothing in it is trained on.</summary>
public sealed class GoldenVersionTests(GoldenVersionTests.GoldenFactory service) : IClassFixture<GoldenVersionTests.GoldenFactory>
{
    private const string Model = "ticket-classifier";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_golden_version_frozen_from_feedback_is_what_versions_are_measured_on_and_its_items_are_never_trained_on()
    {
        var workflows = service.CreateClient("workflows", Roles.Service);
        var admin = service.CreateClient("ada", Roles.Admin);
        var items = Enumerable.Range(0, 20).Select(i => new { id = $"task-{i}:classify", text = $"My Zorblax subscription renewed itself and charged {i + 10} euros without asking", label = "billing", source = "feedback:zendesk-ticket-triage" })
            .Concat(Enumerable.Range(0, 20).Select(i => new { id = $"task-{20 + i}:classify", text = $"The family sharing invite {i} for my Zorblax profile never arrives by email", label = "account", source = "feedback:zendesk-ticket-triage" }));
        (await workflows.PostAsJsonAsync("/v1/datasets/feedback/items", new { model = Model, items }, Cancel)).EnsureSuccessStatusCode();

        using var frozen = await admin.PostAsJsonAsync("/v1/datasets/golden", new { model = Model, share = 0.25 }, Cancel);

        Assert.Equal(HttpStatusCode.Created, frozen.StatusCode);
        var version = (await frozen.Content.ReadFromJsonAsync<GoldenVersionSummary>(JsonSerializerOptions.Web, Cancel))!;
        Assert.Equal((2, 130, 10), (version.Version, version.Items, version.Added));
        Assert.Equal(new Dictionary<string, int> { ["account"] = 5, ["billing"] = 5 }, version.AddedByLabel);
        var versions = await admin.GetFromJsonAsync<GoldenVersions>("/v1/datasets/golden", JsonSerializerOptions.Web, Cancel);
        Assert.Equal(2, versions!.Current);

        // Evaluations measure on the version in force; an earlier one is still there by name.
        var now = await EvaluateAsync(admin, "golden");
        var before = await EvaluateAsync(admin, "golden@1");
        Assert.Equal(("golden@2", 130), (now.Dataset, now.Items));
        Assert.Equal(("golden@1", 120), (before.Dataset, before.Items));

        // Training on the feedback leaves out the ten now golden.
        using var trained = await admin.PostAsJsonAsync($"/v1/training/{Model}/runs", new { datasets = new[] { "shipped", "feedback" } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, trained.StatusCode);
        Assert.Equal(10, JsonDocument.Parse(await trained.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("leakage").GetProperty("exact").GetInt32());

        using var badShare = await admin.PostAsJsonAsync("/v1/datasets/golden", new { model = Model, share = 0.9 }, Cancel);
        using var byDesigner = await service.CreateClient("dora", Roles.Designer).PostAsJsonAsync("/v1/datasets/golden", new { model = Model }, Cancel);
        using var noSuchVersion = await admin.PostAsJsonAsync("/v1/evaluations", new { model = Model, dataset = "golden@9" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badShare.StatusCode);
        Assert.Contains("$.share", await badShare.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.Forbidden, byDesigner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noSuchVersion.StatusCode);
    }

    private static async Task<EvaluationReport> EvaluateAsync(HttpClient client, string dataset)
    {
        using var response = await client.PostAsJsonAsync("/v1/evaluations", new { model = Model, dataset }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EvaluationReport>(JsonSerializerOptions.Web, Cancel))!;
    }

    public sealed class GoldenFactory : ServiceFactory<Program>;
}
