using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Inference.Drift;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.Inference.Tests;

/// <summary>A window of past traffic frozen as the drift reference: "the new normal" after a change people accepted.</summary>
public sealed class DriftReferenceTests(DriftTests.DriftFactory service) : IClassFixture<DriftTests.DriftFactory>
{
    private const string Model = "ticket-classifier";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_kind_of_ticket_is_drift_against_the_golden_set_and_normal_once_its_window_is_frozen_as_the_reference()
    {
        var caller = service.CreateClient("workflows", Roles.Service);
        var designer = service.CreateClient("dora", Roles.Designer);
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);

        // Too little traffic to freeze yet: refused, nothing frozen.
        using var early = await designer.PutAsJsonAsync($"/v1/drift/{Model}/reference", new { from = start, to = DateTimeOffset.UtcNow }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("a reference needs at least 20", await early.Content.ReadAsStringAsync(Cancel));

        string[] coins = ["Zorblax", "Quintar", "Velmora"];
        for (var i = 0; i < 40; i++)
        {
            var (response, _) = await caller.ChatAsync(Model, $"The {coins[i % 3]} wallet did not credit my staking reward for epoch {i}; the validator node shows slashing.", Cancel);
            response.EnsureSuccessStatusCode();
        }

        var againstGolden = await DriftTests.ReportWithAsync(designer, 40);
        Assert.True(againstGolden.Alert, "The new kind of ticket is drift against the golden set.");
        Assert.StartsWith("golden set", againstGolden.Reference);

        using var frozen = await designer.PutAsJsonAsync($"/v1/drift/{Model}/reference", new { from = start, to = DateTimeOffset.UtcNow }, Cancel);
        Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
        var about = (await frozen.Content.ReadFromJsonAsync<FrozenReference>(JsonSerializerOptions.Web, Cancel))!;
        Assert.Equal((40L, "dora", Model), (about.Items, about.FrozenBy, about.Model));

        var againstFrozen = (await designer.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}", JsonSerializerOptions.Web, Cancel))!;
        Assert.False(againstFrozen.Alert, string.Join("; ", againstFrozen.Reasons));
        Assert.StartsWith("traffic from", againstFrozen.Reference);
        Assert.Contains("frozen by dora", againstFrozen.Reference);
        Assert.Equal(40, againstFrozen.ReferenceFigures.Items);
        Assert.InRange(againstFrozen.CentroidDistance!.Value, 0, 0.01);
        Assert.Equal(about, againstFrozen.Frozen);

        // Bad windows change nothing; deleting the reference brings the golden set back.
        var now = DateTimeOffset.UtcNow;
        foreach (var (body, path) in new (object, string)[]
                 {
                     (new { from = now, to = now.AddMinutes(-5) }, "$.from"), (new { from = now.AddDays(-9), to = now }, "$.from"),
                     (new { from = now.AddHours(-1), to = now.AddHours(1) }, "$.to"), (new { from = (DateTimeOffset?)null, to = now }, "$.from"),
                 })
        {
            using var refused = await designer.PutAsJsonAsync($"/v1/drift/{Model}/reference", body, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(path, (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }

        using var reviewer = await service.CreateClient("rex", Roles.Reviewer).DeleteAsync($"/v1/drift/{Model}/reference", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, reviewer.StatusCode);
        using var thawed = await designer.DeleteAsync($"/v1/drift/{Model}/reference", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, thawed.StatusCode);
        using var again = await designer.DeleteAsync($"/v1/drift/{Model}/reference", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var back = (await designer.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}", JsonSerializerOptions.Web, Cancel))!;
        Assert.StartsWith("golden set", back.Reference);
        Assert.Null(back.Frozen);
    }
}
