using System.Globalization;
using System.Text.Json;
using Integration.Inference.Gateway;
using Integration.Inference.Registry;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Evaluation;

/// <param name="Model">An extraction model: the embedded <c>ticket-extractor</c>, or any model that answers the same JSON.</param>
public sealed record ExtractorEvaluationRequest(string? Model);

/// <summary>One field over the set: values found that were expected, found but not expected, expected but not found.</summary>
public sealed record FieldScore(string Field, int Expected, int TruePositives, int FalsePositives, int FalseNegatives, double Precision, double Recall, double F1);

/// <summary>An item the model did not get exactly: what it missed and what it added, per field.</summary>
public sealed record ExtractionMiss(string Id, IReadOnlyDictionary<string, string[]> Missed, IReadOnlyDictionary<string, string[]> Added);

/// <summary>An extraction model measured on the shipped hand-labelled messages (<c>Data/extraction.synthetic.json</c>).</summary>
/// <param name="ExactShare">Items whose every field came out exactly as labelled.</param>
public sealed record ExtractorEvaluationReport(
    string Model, string Backend, int Items, IReadOnlyList<FieldScore> Fields, double MicroPrecision, double MicroRecall, double MicroF1, double ExactShare,
    int Failed, LatencyFigures Latency, DateTimeOffset At, string By, IReadOnlyList<ExtractionMiss> Misses);

/// <summary>
/// Measures an extractor field by field against labels written by hand from how customers write (not from its patterns):
/// values are compared after the normalising an agent would do (case of emails and products, the digits of a phone
/// number, an amount's value and currency).
/// </summary>
public sealed class ExtractorEvaluator(ModelRouter router, TimeProvider time)
{
    public static readonly string[] Fields = ["emails", "phones", "order_numbers", "amounts", "dates", "products"];

    private sealed record Labelled(string Id, string Text, Dictionary<string, string[]>? Expected);

    private static readonly Lazy<IReadOnlyList<Labelled>> Set = new(() =>
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "extraction.synthetic.json")));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Deserialize<Labelled>(JsonSerializerOptions.Web)!)];
    });

    public async Task<ExtractorEvaluationReport> RunAsync(ModelDefinition model, string by, CancellationToken cancellationToken)
    {
        var items = Set.Value;
        var found = new Dictionary<string, string[]>?[items.Count];
        var latencies = new List<double>();
        for (var i = 0; i < items.Count; i++)
        {
            var call = await ModelCalls.AskAsync(router, model, [new ChatMessage(ChatRole.User, items[i].Text)], cancellationToken);
            found[i] = call.Answer is { } answer ? Read(answer.Text) : null;
            if (call.Answer is not null)
            {
                latencies.Add(call.Milliseconds);
            }
        }

        if (found.All(f => f is null))
        {
            throw new EvaluationException(503, $"Model '{model.Name}' answered none of the {items.Count} messages on backend '{model.Backend}'.");
        }

        var scores = new List<FieldScore>();
        foreach (var field in Fields)
        {
            var (tp, fp, fn, expected) = (0, 0, 0, 0);
            for (var i = 0; i < items.Count; i++)
            {
                var want = Values(items[i].Expected, field);
                var got = Values(found[i], field);
                (tp, fp, fn, expected) = (tp + want.Intersect(got).Count(), fp + got.Except(want).Count(), fn + want.Except(got).Count(), expected + want.Count);
            }

            scores.Add(Score(field, expected, tp, fp, fn));
        }

        var total = Score("all", scores.Sum(s => s.Expected), scores.Sum(s => s.TruePositives), scores.Sum(s => s.FalsePositives), scores.Sum(s => s.FalseNegatives));
        var misses = items.Select((item, i) => new ExtractionMiss(item.Id,
                Fields.Select(f => (f, Values(item.Expected, f).Except(Values(found[i], f)).ToArray())).Where(x => x.Item2.Length > 0).ToDictionary(x => x.f, x => x.Item2),
                Fields.Select(f => (f, Values(found[i], f).Except(Values(item.Expected, f)).ToArray())).Where(x => x.Item2.Length > 0).ToDictionary(x => x.f, x => x.Item2)))
            .Where(m => m.Missed.Count > 0 || m.Added.Count > 0).ToList();
        return new ExtractorEvaluationReport(model.Name, model.Backend, items.Count, scores, total.Precision, total.Recall, total.F1,
            Math.Round((items.Count - misses.Count) / (double)items.Count, 4), found.Count(f => f is null), EvaluationStatistics.Latency(latencies), time.GetUtcNow(), by, misses);
    }

    private static FieldScore Score(string field, int expected, int tp, int fp, int fn)
    {
        var precision = tp + fp == 0 ? 1 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 1 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new FieldScore(field, expected, tp, fp, fn, Math.Round(precision, 4), Math.Round(recall, 4), Math.Round(f1, 4));
    }

    /// <summary>The extractor's JSON answer as text values per field (an amount as "value currency"); null when it is not that JSON.</summary>
    public static Dictionary<string, string[]>? Read(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            return Fields.Where(f => json.RootElement.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.Array).ToDictionary(f => f, f =>
                json.RootElement.GetProperty(f).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Object
                    ? $"{v.GetProperty("value").GetDecimal().ToString(CultureInfo.InvariantCulture)} {v.GetProperty("currency").GetString()}"
                    : v.ToString()).ToArray());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return new Dictionary<string, string[]>();
        }
    }

    /// <summary>A field's values as an agent compares them: emails and products without case, phones by their digits, amounts by value and currency.</summary>
    private static HashSet<string> Values(Dictionary<string, string[]>? fields, string field) =>
        [.. (fields?.GetValueOrDefault(field) ?? []).Select(v => field switch
        {
            "phones" => (v.TrimStart().StartsWith('+') ? "+" : "") + new string([.. v.Where(char.IsAsciiDigit)]),
            "amounts" when v.Split(' ') is [var value, var currency] && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) =>
                $"{d.ToString("0.##", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}",
            "order_numbers" => v.TrimStart('#').ToUpperInvariant(),
            _ => v.Trim().ToLowerInvariant(),
        })];
}
