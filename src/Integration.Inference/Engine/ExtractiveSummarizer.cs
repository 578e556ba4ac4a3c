namespace Integration.Inference.Engine;

/// <summary>
/// Picks the sentences that carry most of the text's weighted vocabulary and returns them in their
/// original order. Extractive: every word of a summary is a word of the source.
/// </summary>
public sealed class ExtractiveSummarizer(DocumentFrequencies frequencies)
{
    public string Summarize(string text, int? maxSentences = null)
    {
        var sentences = Sentences.Of(text);
        if (sentences.Count <= 1)
        {
            return text.Trim();
        }

        var take = Math.Clamp(maxSentences ?? (int)Math.Ceiling(sentences.Count / 3.0), 1, sentences.Count);
        var documentCounts = TextTerms.Of(text).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var ranked = sentences
            .Select((sentence, index) => (index, score: Score(sentence, index)))
            .OrderByDescending(s => s.score).ThenBy(s => s.index)
            .Take(take).OrderBy(s => s.index);
        return string.Join(" ", ranked.Select(s => sentences[s.index]));

        double Score(string sentence, int index)
        {
            var terms = TextTerms.Of(sentence);
            if (terms.Count == 0)
            {
                return 0;
            }

            var weight = terms.Distinct().Sum(t => documentCounts.GetValueOrDefault(t) * frequencies.Idf(t));
            // Opening sentences of support text usually state the problem: a small lead bias.
            return weight / Math.Sqrt(terms.Count) * (index == 0 ? 1.2 : 1.0);
        }
    }
}
