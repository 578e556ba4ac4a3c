using System.Text;
using System.Text.RegularExpressions;
using Integration.Inference.Knowledge;

namespace Integration.Inference.Engine;

public sealed record Draft(string Text, IReadOnlyList<RetrievedPassage> Citations, bool Grounded);

/// <summary>
/// Assembles a reply only from the ticket and retrieved knowledge-base passages: a greeting, the passage
/// sentences that share the most vocabulary with the ticket, each with its citation number, and the sources.
/// It writes no sentence of its own beyond the fixed greeting and closing; when nothing relevant is
/// retrieved it says so instead of inventing an answer.
/// </summary>
public sealed partial class GroundedDrafter(DocumentFrequencies frequencies)
{
    public Draft Compose(string modelName, string ticket, IReadOnlyList<RetrievedPassage> passages, int maxPassages, double minScore)
    {
        var usable = passages.Where(p => p.Score >= minScore).ToList();
        if (usable.Count == 0)
        {
            return new Draft(NotGrounded(modelName, passages.FirstOrDefault()?.Collection), [], false);
        }

        // Passages far weaker than the best one are more likely noise than a second answer.
        usable = usable.Where(p => p.Score >= usable[0].Score * 0.5).Take(maxPassages).ToList();
        var ticketTerms = TextTerms.Of(ticket).ToHashSet(StringComparer.Ordinal);
        var reply = new StringBuilder();
        var person = PersonPlaceholder().Match(ticket);
        reply.Append(person.Success ? $"Hello {person.Value},\n\n" : "Hello,\n\n");
        reply.Append("thank you for your message.");
        for (var i = 0; i < usable.Count; i++)
        {
            foreach (var sentence in MostRelevantSentences(usable[i], ticketTerms, i == 0 ? 3 : 2))
            {
                reply.Append(' ').Append(sentence.TrimEnd('.')).Append($". [{i + 1}]");
            }
        }

        reply.Append("\n\nKind regards,\nCustomer Support\n\nSources:");
        for (var i = 0; i < usable.Count; i++)
        {
            reply.Append($"\n[{i + 1}] {usable[i].Title} ({usable[i].Reference})");
        }

        return new Draft(reply.ToString(), usable, true);
    }

    public static string NotGrounded(string modelName, string? collection) =>
        $"{modelName} is an embedded grounded drafter, not a free-text language model. It only assembles replies " +
        $"from knowledge-base passages{(collection is null ? "" : $" in collection '{collection}'")}, and none matches this request. " +
        "Configure an Ollama or OpenAI-compatible backend for free-form generation.";

    private IEnumerable<string> MostRelevantSentences(RetrievedPassage passage, HashSet<string> ticketTerms, int take)
    {
        // The title is a heading, not a sentence of the answer.
        var sentences = Sentences.Of(passage.Text).Where(s => s != passage.Title).ToList();
        return sentences
            .Select((sentence, index) => (index, score: TextTerms.Of(sentence).Distinct().Where(ticketTerms.Contains).Sum(frequencies.Idf)))
            .OrderByDescending(s => s.score).ThenBy(s => s.index)
            .Take(take).Where(s => s.score > 0 || s.index == 0).OrderBy(s => s.index)
            .Select(s => sentences[s.index]);
    }

    [GeneratedRegex(@"<PERSON_\d+>", RegexOptions.CultureInvariant)]
    private static partial Regex PersonPlaceholder();
}
