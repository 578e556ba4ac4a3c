using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Inference.Datasets;
using Integration.Inference.Drift;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Inference.Tests;

/// <summary>The classifier's inputs watched for drift: quiet while they look like what it learned from, an alert when a new kind of ticket arrives.</summary>
public sealed class DriftTests(DriftTests.DriftFactory service) : IClassFixture<DriftTests.DriftFactory>
{
    private const string Model = "ticket-classifier";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inputs_like_the_training_set_raise_nothing_and_a_new_kind_of_ticket_raises_one_alert_saying_why()
    {
        var caller = service.CreateClient("workflows", Roles.Service);
        var designer = service.CreateClient("dora", Roles.Designer);

        var early = await designer.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}", JsonSerializerOptions.Web, Cancel);
        Assert.False(early!.Alert);
        Assert.Contains("at least 20", early.Note);

        // Five tickets of each label of the kinds the model was built for (held-out golden items), the labels taking turns.
        var golden = await service.Services.GetRequiredService<DatasetStore>().GoldenAsync();
        var byLabel = golden.GroupBy(i => i.Label).Select(g => g.Take(5).ToList()).ToList();
        foreach (var item in Enumerable.Range(0, 5).SelectMany(i => byLabel.Select(g => g[i])))
        {
            await ClassifyAsync(caller, item.Text);
        }

        var familiar = await ReportWithAsync(designer, 40);
        Assert.False(familiar.Alert, string.Join("; ", familiar.Reasons));
        Assert.InRange(familiar.CentroidDistance!.Value, 0, 0.15);
        Assert.InRange(familiar.LabelPsi!.Value, 0, 0.25);

        // A kind of ticket the model never saw: a crypto wallet product launched after it was trained.
        string[] coins = ["Zorblax", "Quintar", "Velmora"];
        for (var i = 0; i < 80; i++)
        {
            await ClassifyAsync(caller, $"The {coins[i % 3]} wallet did not credit my staking reward for epoch {i}; the validator node shows slashing and the token bridge is stuck.");
        }

        var drifted = await ReportWithAsync(designer, 120);
        Assert.True(drifted.Alert);
        Assert.Contains(drifted.Reasons, r => r.StartsWith("what the inputs are about moved", StringComparison.Ordinal));
        Assert.True(drifted.CentroidDistance > familiar.CentroidDistance);
        Assert.True(drifted.Window.MeanConfidence < familiar.Window.MeanConfidence, $"{drifted.Window.MeanConfidence} against {familiar.Window.MeanConfidence}");

        // One alert per crossing, however often it is checked.
        await designer.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}", JsonSerializerOptions.Web, Cancel);
        var alerts = (await designer.GetFromJsonAsync<List<DriftAlert>>("/v1/drift/alerts", JsonSerializerOptions.Web, Cancel))!;
        var alert = Assert.Single(alerts, a => a.Model == Model);
        Assert.Contains(alert.Reasons, r => r.StartsWith("what the inputs are about moved", StringComparison.Ordinal));

        // And one trigger event delivered to the workflow service's intake (played by a receiver on a real port), the alert as its data.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); service.Receiver.Accepted.IsEmpty; await Task.Delay(100, Cancel))
        {
            Assert.True(DateTime.UtcNow < deadline, "The drift alert's trigger event did not reach the events target within 30 s.");
        }

        var raised = Assert.Single(service.Receiver.Events);
        Assert.Equal((DriftEventOutbox.AlertType, "inference", $"model:{Model}"),
            (raised.GetProperty("type").GetString(), raised.GetProperty("source").GetString(), raised.GetProperty("subject").GetString()));
        Assert.Equal(alert.Items, raised.GetProperty("data").GetProperty("items").GetInt64());

        using var unknown = await designer.GetAsync("/v1/drift/no-such-model", Cancel);
        using var notClassifier = await designer.GetAsync("/v1/drift/kb-embedder", Cancel);
        using var badWindow = await designer.GetAsync($"/v1/drift/{Model}?hours=0", Cancel);
        using var reviewer = await service.CreateClient("rex", Roles.Reviewer).GetAsync($"/v1/drift/{Model}", Cancel);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden],
            new[] { unknown.StatusCode, notClassifier.StatusCode, badWindow.StatusCode, reviewer.StatusCode });
    }

    private static async Task ClassifyAsync(HttpClient caller, string text)
    {
        var (response, _) = await caller.ChatAsync(Model, text, Cancel);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Inputs are counted a moment after they are answered: waits (asking for an explicit window, which raises no alert)
    /// until the window holds them all, then asks for the configured window, which checks for an alert.
    /// </summary>
    internal static async Task<DriftReport> ReportWithAsync(HttpClient designer, int items)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var report = (await designer.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}?hours=24", JsonSerializerOptions.Web, Cancel))!;
            if (report.Window.Items >= items)
            {
                return (await designer.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}", JsonSerializerOptions.Web, Cancel))!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The window holds {report.Window.Items} inputs, not {items}, after 60 s.");
            await Task.Delay(200, Cancel);
        }
    }

    public sealed class DriftFactory : ServiceFactory<Program>
    {
        /// <summary>Plays the workflow service's trigger intake, where drift alerts go as events.</summary>
        public EventsReceiver Receiver { get; } = new();

        public override async ValueTask InitializeAsync()
        {
            await Receiver.StartAsync();
            await base.InitializeAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Receiver.DisposeAsync();
        }

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Inference:EventsTarget"] = Receiver.Url,
            ["Inference:Drift:MinimumItems"] = "20",
            ["Inference:Drift:CheckInterval"] = "00:00:00",
            ["Inference:Drift:MaxPerSecond"] = "100000", // every input counted, so that the window's size is known
        };
    }
}
