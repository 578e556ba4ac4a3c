// The data flywheel, shown end to end on the real inference service (its own Redis, its HTTP API, its embedded
// ticket classifier), in one run:
//  1. before: tickets like the ones the model knows (golden set items, never trained on) are classified; a policy
//     auto-resolves what the model is at least τ sure of (τ: the lowest confidence above which the serving version is
//     right at least 98% of the time on the golden set), people review the rest;
//  2. drift: a new kind of ticket appears (a streaming subscription launched after training, NewKindOfTicket); the
//     drift monitor raises an alert, the model's confidence drops, more cases go to people;
//  3. feedback: the reviewed cases become feedback items with the reviewers' labels; an admin freezes a new golden
//     version that includes a share of them; a candidate is trained on shipped + feedback (golden items left out);
//  4. the candidate is compared with production on the new golden set (McNemar, bootstrap interval) and promoted
//     through the gate;
//  5. after: fresh tickets of both kinds; the auto-resolution rate and accuracy are measured again.
// It prints each figure before and after.
//   dotnet run -c Release --project bench/Integration.Benchmarks.Flywheel -- [τ; by default chosen as above]
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.Benchmarks.Inference;
using Integration.Inference.Datasets;
using Integration.Inference.Drift;
using Integration.Inference.Evaluation;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using Flywheel = Integration.Benchmarks.Flywheel.NewKindOfTicket;

const string Model = "ticket-classifier";
await using var redis = await TestRedis.StartAsync();
using var service = InferenceService.Start(redis.ConnectionString, new Dictionary<string, string?>
{
    ["Inference:Retraining:AfterFeedbackItems"] = "0", // the scenario retrains when it says so
    ["Inference:Drift:CheckInterval"] = "00:00:00",   // and checks drift when it says so
    ["Inference:Drift:MinimumItems"] = "50",
    ["Inference:Drift:MaxPerSecond"] = "100000",     // every ticket observed, not a sample
});
var people = Client(service.Token("olivia", Roles.Admin, Roles.Designer));
var workflows = Client(service.Token("workflows", Roles.Service));
var monitor = service.Services.GetRequiredService<DriftMonitor>();
// The golden set is kept by label: shuffled (stably), so that every slice of it has every label.
var golden = (await service.Services.GetRequiredService<DatasetStore>().GoldenAsync()).OrderBy(g => Integration.Inference.Engine.StableHash.Of(g.Id)).ToList();
var shipped = await EvaluateAsync(1);
var tau = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : Threshold(shipped, 0.98);
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; the inference service in process with its own Redis; τ = {tau}");
Console.WriteLine($"  version 1 on {shipped.Dataset}: accuracy {shipped.Metrics.Accuracy:P1}, macro-F1 {shipped.Metrics.MacroF1:0.000}, ECE {shipped.Calibration.Ece:0.000}; " +
    $"under perturbation {string.Join(", ", shipped.Behaviour!.Robustness.Select(r => $"{r.Perturbation} {r.Accuracy:P1} (flips {r.FlipRate:P1})"))}; " +
    $"paraphrase groups answered alike {shipped.Behaviour.Consistency!.ConsistentShare:P0} ({shipped.Behaviour.Consistency.Accuracy:P1} right); " +
    $"off-topic flagged (conf < {shipped.Behaviour.OutOfDistribution.Threshold}) {shipped.Behaviour.OutOfDistribution.FlaggedShare:P0} against {shipped.Behaviour.OutOfDistribution.InDistributionFlaggedShare:P0} of golden, AUROC {shipped.Behaviour.OutOfDistribution.Auroc:0.000}");

// 1. Before.
var before = await ServeAsync("before", [.. golden.Take(80).Select(g => (g.Text, g.Label, false))]);
await monitor.DrainAsync(CancellationToken.None);
var quiet = await DriftAsync();

// 2. Drift: five sixths of the traffic is the new kind.
var drifting = await ServeAsync("drift", Mix(Flywheel.Draw(200, seed: 1), golden.Skip(80)));
await monitor.DrainAsync(CancellationToken.None);
var drifted = await DriftAsync();

// 3. Feedback: each case a person reviewed, with the label they gave it (here: the truth).
var reviewed = drifting.Where(o => o.Confidence < tau).ToList();
var items = reviewed.Select((o, i) => new { id = $"flywheel-{i}:classify", text = o.Text, label = o.Truth, source = "feedback:zendesk-ticket-triage" }).ToList();
(await workflows.PostAsJsonAsync("/v1/datasets/feedback/items", new { model = Model, items })).EnsureSuccessStatusCode();
var frozen = await Json(await people.PostAsJsonAsync("/v1/datasets/golden", new { model = Model, share = 0.3 }));
var trained = await Json(await people.PostAsJsonAsync($"/v1/training/{Model}/runs", new { datasets = new[] { "shipped", "feedback" } }));
var candidate = trained.GetProperty("version").GetProperty("version").GetInt32();

// 4. The candidate against production on the golden set in force (which now holds reviewed tickets of the new kind).
var comparison = (await (await people.PostAsJsonAsync("/v1/evaluations/compare", new { model = Model, a = 1, b = candidate, dataset = "golden" }))
    .Content.ReadFromJsonAsync<Comparison>(JsonSerializerOptions.Web))!;
var production = await EvaluateAsync(1);
var challenger = await EvaluateAsync(candidate);
using var promotion = await people.PostAsync($"/v1/training/{Model}/versions/{candidate}/promote", null);
var promotionBody = await promotion.Content.ReadAsStringAsync();

// 5. After: fresh tickets of both kinds, none seen before.
var after = await ServeAsync("after", Mix(Flywheel.Draw(200, seed: 2), golden.Skip(80)));

Console.WriteLine($"""

    drift before the new kind: alert {quiet.Alert}, severity {quiet.Severity}, {quiet.Window.Items} inputs {string.Join("; ", quiet.Reasons)}
    drift with the new kind:   alert {drifted.Alert}, severity {drifted.Severity}, centroid distance {drifted.CentroidDistance}, confidence PSI {drifted.ConfidencePsi}
                               {string.Join("\n                               ", drifted.Reasons)}
    feedback: {items.Count} reviewed cases sent; golden version {frozen.GetProperty("version").GetInt32()} froze {frozen.GetProperty("added").GetInt32()} of them ({frozen.GetProperty("items").GetInt32()} items in all)
    candidate version {candidate}: trained on {trained.GetProperty("version").GetProperty("trainExamples").GetInt32()} examples, {trained.GetProperty("leakage").GetProperty("exact").GetInt32()} golden items and {trained.GetProperty("leakage").GetProperty("near").GetInt32()} look-alikes left out
    on {comparison.Dataset}: production {comparison.AccuracyA:P1}, candidate {comparison.AccuracyB:P1} (difference {comparison.Difference:+0.0000;-0.0000}, 95% interval [{comparison.DifferenceCi95[0]:+0.000;-0.000}, {comparison.DifferenceCi95[1]:+0.000;-0.000}]), McNemar p = {comparison.McNemarP:0.######} ({(comparison.Significant ? "significant" : "not significant")})
      macro-F1 {production.Metrics.MacroF1:0.000} -> {challenger.Metrics.MacroF1:0.000}; ECE {production.Calibration.Ece:0.000} -> {challenger.Calibration.Ece:0.000}; robustness {production.Behaviour!.RobustAccuracy:P1} -> {challenger.Behaviour!.RobustAccuracy:P1}; paraphrase consistency {production.Behaviour.Consistency!.ConsistentShare:P0} -> {challenger.Behaviour.Consistency!.ConsistentShare:P0}; off-topic AUROC {production.Behaviour.OutOfDistribution.Auroc:0.000} -> {challenger.Behaviour.OutOfDistribution.Auroc:0.000}
    promotion through the gate: {(int)promotion.StatusCode} {(promotion.IsSuccessStatusCode ? "promoted" : promotionBody)}

    {"",-34}{"before",12}{"drift",12}{"after",12}
    {"auto-resolution rate (conf ≥ τ)",-34}{Auto(before),12:P1}{Auto(drifting),12:P1}{Auto(after),12:P1}
    {"accuracy of what was auto-resolved",-34}{AutoAccuracy(before),12:P1}{AutoAccuracy(drifting),12:P1}{AutoAccuracy(after),12:P1}
    {"accuracy, all tickets",-34}{Accuracy(before),12:P1}{Accuracy(drifting),12:P1}{Accuracy(after),12:P1}
    {"accuracy, the new kind",-34}{"-",12}{Accuracy([.. drifting.Where(o => o.New)]),12:P1}{Accuracy([.. after.Where(o => o.New)]),12:P1}
    {"mean confidence, the new kind",-34}{"-",12}{drifting.Where(o => o.New).Average(o => o.Confidence),12:0.000}{after.Where(o => o.New).Average(o => o.Confidence),12:0.000}
    {"sent to people",-34}{before.Count(o => o.Confidence < tau),12}{drifting.Count(o => o.Confidence < tau),12}{after.Count(o => o.Confidence < tau),12}
    """);

// The lowest confidence (in steps of 0.05) above which the version's answers on the golden set are right at least this often.
static double Threshold(EvaluationReport report, double accuracy) =>
    Enumerable.Range(1, 19).Select(step => step / 20.0).FirstOrDefault(t =>
        report.Outcomes.Where(o => o.Confidence >= t).ToList() is { Count: >= 10 } sure && sure.Count(o => o.Actual == o.Predicted) >= accuracy * sure.Count, 0.95);

static double Auto(List<Outcome> outcomes) => (double)outcomes.Count(o => o.Confidence >= Tau.Value) / outcomes.Count;

static double AutoAccuracy(List<Outcome> outcomes) => Accuracy([.. outcomes.Where(o => o.Confidence >= Tau.Value)]);

static double Accuracy(List<Outcome> outcomes) => outcomes.Count == 0 ? 0 : (double)outcomes.Count(o => o.Label == o.Truth) / outcomes.Count;

List<(string Text, string Label, bool New)> Mix(List<(string Text, string Label)> fresh, IEnumerable<DatasetItem> known)
{
    var old = known.Select(g => (g.Text, g.Label, false)).Take(fresh.Count / 5).ToList();
    return [.. fresh.Select(f => (f.Text, f.Label, true)).Concat(old).OrderBy(t => Integration.Inference.Engine.StableHash.Of(t.Item1))];
}

async Task<List<Outcome>> ServeAsync(string phase, List<(string Text, string Label, bool New)> tickets)
{
    Tau.Value = tau;
    var outcomes = new List<Outcome>();
    foreach (var (text, truth, isNew) in tickets)
    {
        using var response = await workflows.PostAsJsonAsync("/api/chat", new { model = Model, stream = false, messages = new[] { new { role = "user", content = text } } });
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetProperty("content").GetString()!);
        outcomes.Add(new Outcome(text, truth, answer.RootElement.GetProperty("label").GetString()!, answer.RootElement.GetProperty("confidence").GetDouble(), isNew));
    }

    Console.WriteLine($"  {phase}: {outcomes.Count} tickets classified ({outcomes.Count(o => o.New)} of the new kind)");
    return outcomes;
}

async Task<DriftReport> DriftAsync() => (await people.GetFromJsonAsync<DriftReport>($"/v1/drift/{Model}", JsonSerializerOptions.Web))!;

async Task<EvaluationReport> EvaluateAsync(int version) =>
    (await (await people.PostAsJsonAsync("/v1/evaluations", new { model = Model, version, dataset = "golden" })).Content.ReadFromJsonAsync<EvaluationReport>(JsonSerializerOptions.Web))!;

static async Task<JsonElement> Json(HttpResponseMessage response)
{
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    return JsonDocument.Parse(body).RootElement.Clone();
}

HttpClient Client(string token)
{
    var client = new HttpClient { BaseAddress = service.Address };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

internal sealed record Outcome(string Text, string Truth, string Label, double Confidence, bool New);

/// <summary>The threshold, for the static helpers of the table.</summary>
internal static class Tau
{
    public static double Value { get; set; }
}
