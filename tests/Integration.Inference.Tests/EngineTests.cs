using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Inference.Engine;
using Integration.Inference.Knowledge;
using Integration.Inference.Registry;
using Integration.Inference.Training;

namespace Integration.Inference.Tests;

/// <summary>The embedded engine's parts on their own: extraction, schema filling, chunking, splits, metrics, registry checks.</summary>
public sealed class EngineTests
{
    private static readonly Extractor Extractor = new(["Halo Air Purifier", "Nimbus Headphones"]);

    [Fact]
    public void The_extractor_finds_contacts_orders_amounts_dates_and_catalog_products()
    {
        var found = Extractor.Extract("Order #1234567 and ORD-555111: the nimbus headphones cost $89.90 and 249,99 EUR on 12 March 2026 (or 2026-04-01). " +
                                      "Call +44 20 7946 1234 or mail vera.walsh@example.net.");

        Assert.Equal(["vera.walsh@example.net"], found.Emails);
        Assert.Equal(["+44 20 7946 1234"], found.Phones);
        Assert.Equal(["1234567", "ORD-555111"], found.OrderNumbers);
        Assert.Equal([(89.90m, "USD"), (249.99m, "EUR")], found.Amounts.Select(a => (a.Value, a.Currency)));
        Assert.Equal(["2026-04-01", "2026-03-12"], found.Dates);
        Assert.Equal(["Nimbus Headphones"], found.Products);
    }

    [Theory]
    [InlineData("My order 4000012 never arrived.", "4000012")]
    [InlineData("Sales order no. 4000007 was billed twice.", "4000007")]
    [InlineData("Our purchase order PO-003-1 is missing an item.", "PO-003-1")]
    [InlineData("About PO-4711 from last week.", "PO-4711")]
    [InlineData("Call me on 4000012 please.", null)] // a number alone is not an order
    [InlineData("Invoice 2026-04-01 for 4000012 units.", null)]
    public void Order_references_are_found_in_the_forms_customers_write_them(string text, string? expected)
    {
        var found = Extractor.Extract(text).OrderNumbers;

        Assert.Equal(expected is null ? [] : [expected], found);
    }

    [Fact]
    public void The_schema_filler_matches_properties_by_name_and_shapes_them_to_their_types()
    {
        var produced = JsonSerializer.SerializeToNode(Extractor.Extract("Refund 49.00 EUR for ORD-123456 to anna@example.com or a.b@example.org"), JsonNames.SnakeCase)!.AsObject();
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{
              "order":{"type":"string"},"emails":{"type":"array","items":{"type":"string"}},
              "refund_amount":{"type":"number"},"currency":{"type":"string"},"phone":{"type":["string","null"]},"nickname":{"type":"string"}},
             "required":["order","phone"]}
            """).RootElement;

        var filled = SchemaFiller.Fill(schema, produced);

        Assert.Equal("ORD-123456", filled["order"]!.GetValue<string>());
        Assert.Equal(["anna@example.com", "a.b@example.org"], filled["emails"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(49.00m, filled["refund_amount"]!.GetValue<decimal>());
        Assert.Equal("EUR", filled["currency"]!.GetValue<string>());
        Assert.True(filled.ContainsKey("phone")); // required, nothing found: null, so validation can say so
        Assert.Null(filled["phone"]);
        Assert.False(filled.ContainsKey("nickname")); // optional, nothing found: left out
    }

    [Fact]
    public void Chunks_respect_the_size_and_never_cut_a_sentence()
    {
        var paragraph = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"Sentence number {i} says something."));
        var chunks = Chunker.Split("Short intro.\n\n" + paragraph + "\n\nClosing words.", 300);

        Assert.All(chunks, c => Assert.True(c.Length <= 300, c));
        Assert.All(chunks, c => Assert.EndsWith(".", c));
        Assert.Equal("Short intro.", chunks[0][..12]);
        Assert.Equal(string.Concat((paragraph + "Closing words.").Where(char.IsLetterOrDigit)),
            string.Concat(string.Join(" ", chunks)[12..].Where(char.IsLetterOrDigit)));
    }

    [Fact]
    public void Markdown_and_html_become_plain_text_with_their_titles()
    {
        Assert.Equal("Returns", DocumentText.Title("# Returns\n\nSend it back.", DocumentFormat.Markdown));
        Assert.Equal("Returns\n\nSend it back within 30 days.", DocumentText.Plain("# Returns\n\nSend it **back** within [30 days](/policy).", DocumentFormat.Markdown));
        Assert.Equal("Fish & chips", DocumentText.Title("<html><title>Fish &amp; chips</title></html>", DocumentFormat.Html));
        Assert.DoesNotContain("alert", DocumentText.Plain("<p>Hi</p><script>alert(1)</script>", DocumentFormat.Html));
    }

    [Fact]
    public void A_stratified_split_holds_out_the_same_share_of_every_label()
    {
        var examples = Enumerable.Range(0, 50).Select(i => new LabeledText($"a {i}", "a"))
            .Concat(Enumerable.Range(0, 10).Select(i => new LabeledText($"b {i}", "b"))).ToList();

        var (train, test) = StratifiedSplit.HoldOut(examples, 0.2, seed: 7);
        var folds = StratifiedSplit.Folds(examples, 5, seed: 7);

        Assert.Equal(10, test.Count(e => e.Label == "a"));
        Assert.Equal(2, test.Count(e => e.Label == "b"));
        Assert.Empty(train.Intersect(test));
        Assert.All(folds, f => Assert.Equal((10, 2), (f.Count(e => e.Label == "a"), f.Count(e => e.Label == "b"))));
    }

    [Fact]
    public void Metrics_follow_their_definitions()
    {
        var metrics = ClassificationMetrics.Compute(["a", "b"], [("a", "a"), ("a", "a"), ("a", "b"), ("b", "b")]);

        Assert.Equal(0.75, metrics.Accuracy);
        Assert.Equal(1.0, metrics.PerClass["a"].Precision);
        Assert.Equal(0.6667, metrics.PerClass["a"].Recall);
        Assert.Equal(0.5, metrics.PerClass["b"].Precision);
        Assert.Equal(Math.Round((0.8 + 0.6667) / 2, 4), metrics.MacroF1, 3);
        Assert.Equal([[2, 1], [0, 1]], metrics.Confusion.Counts);
    }

    [Fact]
    public void Registry_validation_names_every_bad_reference()
    {
        var options = new InferenceOptions
        {
            Models =
            {
                ["a"] = new ModelOptions { Backend = "nowhere", Task = ModelTask.Summarize, Fallback = ["ghost"] },
                ["b"] = new ModelOptions { Split = [new SplitVariant { Model = "a", Weight = 0 }, new SplitVariant { Model = "b" }] },
                ["c"] = new ModelOptions { Task = ModelTask.Chat },
            },
        };

        var problems = ModelRegistry.Validate(options).ToList();

        Assert.Contains(problems, p => p.StartsWith("Inference:Models:a:Backend", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Inference:Models:a:Fallback:0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Inference:Models:b:Split:0:Weight", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Inference:Models:b:Split:1:Model", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Inference:Models:c:Task", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_examples_train_the_same_classifier()
    {
        var examples = Enumerable.Range(0, 20).SelectMany(i => new[] { new LabeledText($"refund {i} money back", "billing"), new LabeledText($"parcel {i} late", "shipping") }).ToList();

        var first = TextClassifier.Train(examples).Classify("money for parcel");
        var second = TextClassifier.Train(examples).Classify("money for parcel");

        Assert.Equal(first.Scores, second.Scores);
    }
}
