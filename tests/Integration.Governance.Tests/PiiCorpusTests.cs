using System.Text.Json;
using Integration.Governance.Pii;

namespace Integration.Governance.Tests;

/// <summary>
/// Precision and recall per kind of personal data over a labeled corpus of ticket snippets, with deliberate
/// look-alikes (order numbers, timestamps, versions, product codes) that must not be flagged.
/// </summary>
public sealed class PiiCorpusTests(ITestOutputHelper output)
{
    private sealed record Entity(PiiType Type, string Value);
    private sealed record Case(string Text, List<Entity> Pii);
    private sealed record Corpus(List<Case> Cases);

    [Fact]
    public void Every_kind_is_found_with_high_precision_and_recall()
    {
        var corpus = JsonSerializer.Deserialize<Corpus>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "pii-corpus.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } })!;
        var detector = new PiiDetector();
        var truePositives = new Dictionary<PiiType, int>();
        var falsePositives = new Dictionary<PiiType, int>();
        var falseNegatives = new Dictionary<PiiType, int>();
        var misses = new List<string>();

        foreach (var sample in corpus.Cases)
        {
            var expected = sample.Pii.Select(e => (e.Type, e.Value)).ToList();
            var found = detector.Detect(sample.Text).Select(m => (m.Type, Value: m.ValueIn(sample.Text))).ToList();
            foreach (var hit in found)
            {
                var counts = expected.Remove(hit) ? truePositives : falsePositives;
                counts[hit.Type] = counts.GetValueOrDefault(hit.Type) + 1;
                if (counts == falsePositives)
                {
                    misses.Add($"false positive {hit.Type} '{hit.Value}' in: {sample.Text}");
                }
            }

            foreach (var missed in expected)
            {
                falseNegatives[missed.Type] = falseNegatives.GetValueOrDefault(missed.Type) + 1;
                misses.Add($"missed {missed.Type} '{missed.Value}' in: {sample.Text}");
            }
        }

        output.WriteLine("| type | precision | recall | tp | fp | fn |");
        foreach (var type in Enum.GetValues<PiiType>().Where(t => t != PiiType.Custom)) // Custom kinds come from policies
        {
            int tp = truePositives.GetValueOrDefault(type), fp = falsePositives.GetValueOrDefault(type), fn = falseNegatives.GetValueOrDefault(type);
            output.WriteLine($"| {type} | {Ratio(tp, tp + fp):F2} | {Ratio(tp, tp + fn):F2} | {tp} | {fp} | {fn} |");
            Assert.True(tp > 0, $"the corpus has no {type} found");
        }

        misses.ForEach(output.WriteLine);
        Assert.Empty(misses);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 1 : (double)part / whole;
}
