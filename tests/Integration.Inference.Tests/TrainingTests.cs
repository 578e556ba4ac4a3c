using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Contracts.Governance;
using Integration.Inference.Audit;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inference.Tests;

public sealed class TrainingTests(InferenceFactory service, ITestOutputHelper output) : IClassFixture<InferenceFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task Training_on_the_shipped_dataset_reports_held_out_and_cross_validated_metrics()
    {
        using var response = await Designer.PostAsJsonAsync("/v1/training/ticket-classifier/runs", new { dataset = "shipped", folds = 5 }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var version = body.RootElement.GetProperty("version");
        var heldOut = version.GetProperty("heldOut");
        var accuracy = heldOut.GetProperty("accuracy").GetDouble();
        var macroF1 = heldOut.GetProperty("macroF1").GetDouble();
        var folds = version.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("accuracy").GetDouble()).ToList();
        output.WriteLine($"held-out accuracy {accuracy:P1}, macro-F1 {macroF1:0.000}, 5-fold accuracy {folds.Average():P1} (min {folds.Min():P1})");

        // 446 synthetic tickets over 8 labels (the 600 shipped less the golden 120 and the 34 that say what a golden ticket
        // says), a sixth of them mentioning a second concern: good, not perfect.
        const int kept = 446;
        Assert.Equal(0, body.RootElement.GetProperty("leakage").GetProperty("exact").GetInt32() + body.RootElement.GetProperty("leakage").GetProperty("near").GetInt32());
        Assert.InRange(accuracy, 0.8, 0.99);
        Assert.InRange(macroF1, 0.8, 0.99);
        Assert.Equal(5, folds.Count);
        var heldOutCount = heldOut.GetProperty("examples").GetInt32();
        Assert.Equal(kept, heldOutCount + version.GetProperty("trainExamples").GetInt32());
        Assert.InRange(heldOutCount, kept * 0.18, kept * 0.22);
        var matrix = heldOut.GetProperty("confusion").GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        Assert.Equal(8, matrix.Length);
        Assert.Equal(heldOutCount, matrix.Sum(r => r.Sum()));
        Assert.All(matrix, row => Assert.InRange(row.Sum(), 8, 14)); // stratified: a fifth of each label held out
        Assert.Equal(8, heldOut.GetProperty("perClass").EnumerateObject().Count());
        Assert.False(body.RootElement.GetProperty("promoted").GetBoolean());
    }

    [Fact]
    public async Task A_new_version_serves_only_once_it_is_promoted_and_one_that_fails_the_gate_only_by_an_admins_override()
    {
        // A deliberately odd model: refund questions labeled "odd", everything else "other".
        var examples = Enumerable.Range(0, 30).SelectMany(i => new[]
        {
            new { text = $"where is my refund number {i}", label = "odd" },
            new { text = $"my parcel {i} is late and tracking is stuck", label = "other" },
        }).ToArray();
        using var trained = await Designer.PostAsJsonAsync("/v1/training/ticket-classifier/runs", new { examples }, Cancel);
        Assert.Equal(HttpStatusCode.Created, trained.StatusCode);
        var version = JsonDocument.Parse(await trained.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("version").GetProperty("version").GetInt32();

        var (_, before) = await Designer.ChatAsync("ticket-classifier", "where is my refund", Cancel);
        Assert.NotEqual("odd", Label(before));

        // Two labels in place of eight: the gate refuses it, and says why.
        using var refused = await Designer.PostAsync($"/v1/training/ticket-classifier/versions/{version}/promote", null, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("labels", JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("detail").GetString());
        var (_, still) = await Designer.ChatAsync("ticket-classifier", "where is my refund", Cancel);
        Assert.NotEqual("odd", Label(still));
        using var designerOverride = await Designer.PostAsJsonAsync($"/v1/training/ticket-classifier/versions/{version}/promote", new { @override = true, reason = "try it" }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, designerOverride.StatusCode);

        var admin = service.CreateClient("ada", Roles.Admin);
        using var promoted = await admin.PostAsJsonAsync($"/v1/training/ticket-classifier/versions/{version}/promote", new { @override = true, reason = "demonstrating a new version" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var (_, after) = await Designer.ChatAsync("ticket-classifier", "where is my refund", Cancel);
        Assert.Equal("odd", Label(after));
        var log = await Designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/promotions", Cancel);
        Assert.Contains(log.EnumerateArray(), p => p.GetProperty("version").GetInt32() == version && p.GetProperty("outcome").GetString() == "Refused"
                                                  && p.GetProperty("by").GetString() == "dora");
        Assert.Contains(log.EnumerateArray(), p => p.GetProperty("version").GetInt32() == version && p.GetProperty("override").GetString() == "demonstrating a new version"
                                                  && !p.GetProperty("passed").GetBoolean() && p.GetProperty("by").GetString() == "ada");

        // Both decisions wait in the outbox to the governance audit (this service has no audit target here), as the audit keeps them.
        var outbox = service.Services.GetRequiredService<AuditOutbox>();
        await outbox.EnsureGroupAsync();
        var reports = (await outbox.NextAsync(10_000)).Select(e => e.Message?.Report).OfType<AuditReport>()
            .Where(r => r.Subject!.StartsWith($"ticket-classifier v{version},", StringComparison.Ordinal)).ToList();
        var refusal = Assert.Single(reports, r => r.Decision == "refused");
        Assert.Equal(("dora", "model.promote"), (refusal.Actor, refusal.Action));
        Assert.Equal([Roles.Designer], refusal.ActorRoles);
        Assert.EndsWith("goes on serving", refusal.Subject);
        Assert.StartsWith("failed checks: golden: Dataset", refusal.Reason); // its two labels cannot be measured on the golden set
        var overridden = Assert.Single(reports, r => r.Decision == "overridden");
        Assert.Equal([Roles.Admin], overridden.ActorRoles);
        Assert.StartsWith("demonstrating a new version (past failed checks: golden:", overridden.Reason);

        // Put the shipped model back for the other tests sharing this service (its labels differ from the odd one's too).
        using var restored = await admin.PostAsJsonAsync("/v1/training/ticket-classifier/versions/1/promote", new { @override = true, reason = "back to the shipped model" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task Versions_are_listed_with_the_promoted_one()
    {
        var versions = await Designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel);

        Assert.True(versions.GetProperty("promoted").GetInt32() >= 1);
        Assert.Contains(versions.GetProperty("versions").EnumerateArray(), v => v.GetProperty("trainedBy").GetString() == "bootstrap");
    }

    [Fact]
    public async Task Bad_training_input_is_400_with_the_paths_and_trains_nothing()
    {
        var before = (await Designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("versions").GetArrayLength();

        using var response = await Designer.PostAsJsonAsync("/v1/training/ticket-classifier/runs",
            new { examples = new[] { new { text = "", label = "a" }, new { text = "x", label = "" } }, testFraction = 0.9 }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.examples[0].text", out _));
        Assert.True(errors.TryGetProperty("$.examples[1].label", out _));
        Assert.True(errors.TryGetProperty("$.testFraction", out _));
        var after = (await Designer.GetFromJsonAsync<JsonElement>("/v1/training/ticket-classifier/versions", Cancel)).GetProperty("versions").GetArrayLength();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Only_designers_and_admins_train()
    {
        using var response = await service.CreateClient("rex", Roles.Reviewer).PostAsJsonAsync("/v1/training/ticket-classifier/runs", new { dataset = "shipped" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string? Label(JsonElement chat) =>
        JsonDocument.Parse(chat.GetProperty("message").GetProperty("content").GetString()!).RootElement.GetProperty("label").GetString();
}
