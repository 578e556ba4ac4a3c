using System.Text.Json;

namespace Integration.Inference.Engine;

public sealed record ParaphraseGroup(string Label, IReadOnlyList<string> Texts);

/// <summary>The synthetic dataset, product catalog, behavioural test sets and knowledge base that ship with the service (under Data/).</summary>
public sealed class ShippedData
{
    public const string TicketsFile = "tickets.synthetic.json";
    public const string SupportCollection = "support";

    public required IReadOnlyList<LabeledText> Tickets { get; init; }

    /// <summary>The same tickets with their ids (<c>synthetic-0001</c>), as dataset items.</summary>
    public required IReadOnlyList<Datasets.DatasetItem> TicketItems { get; init; }

    /// <summary>
    /// The tickets that say what an item of golden set 1 says (by words or by meaning), worked out once from the shipped data
    /// (embedding them all takes seconds) and shipped: they are left out of the shipped training set. A test checks the list.
    /// </summary>
    public required IReadOnlySet<string> GoldenLookAlikes { get; init; }

    public const string GoldenLookAlikesFile = "golden-1-lookalikes.synthetic.json";

    public required IReadOnlyList<string> Products { get; init; }

    /// <summary>Groups of texts that say one thing in several ways, with the label they all have (behavioural consistency).</summary>
    public required IReadOnlyList<ParaphraseGroup> ParaphraseGroups { get; init; }

    /// <summary>Texts no support label fits (the out-of-distribution check).</summary>
    public required IReadOnlyList<string> OffTopic { get; init; }

    /// <summary>Knowledge-base articles: id (file name) and Markdown content.</summary>
    public required IReadOnlyList<(string Id, string Markdown)> Articles { get; init; }

    public static ShippedData Load(string? directory = null)
    {
        directory ??= Path.Combine(AppContext.BaseDirectory, "Data");
        using var tickets = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, TicketsFile)));
        using var products = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "products.synthetic.json")));
        return new ShippedData
        {
            Tickets = tickets.RootElement.GetProperty("examples").EnumerateArray()
                .Select(e => new LabeledText(e.GetProperty("text").GetString()!, e.GetProperty("label").GetString()!)).ToList(),
            TicketItems = tickets.RootElement.GetProperty("examples").EnumerateArray()
                .Select(e => new Datasets.DatasetItem(e.GetProperty("id").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("label").GetString()!,
                    Datasets.DatasetNames.Shipped)).ToList(),
            GoldenLookAlikes = File.Exists(Path.Combine(directory, GoldenLookAlikesFile))
                ? JsonSerializer.Deserialize<HashSet<string>>(File.ReadAllText(Path.Combine(directory, GoldenLookAlikesFile)))!
                : new HashSet<string>(),
            Products = products.RootElement.GetProperty("products").EnumerateArray().Select(p => p.GetString()!).ToList(),
            ParaphraseGroups = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "paraphrases.synthetic.json"))).RootElement.GetProperty("groups")
                .EnumerateArray().Select(g => new ParaphraseGroup(g.GetProperty("label").GetString()!, [.. g.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!)]))
                .ToList(),
            OffTopic = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "offtopic.synthetic.json"))).RootElement.GetProperty("texts")
                .EnumerateArray().Select(t => t.GetString()!).ToList(),
            Articles = Directory.GetFiles(Path.Combine(directory, "kb"), "*.md").Order(StringComparer.Ordinal)
                .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList(),
        };
    }
}
