namespace Integration.Inference.Engine;

/// <summary>Okapi BM25 over passages (k1 = 1.2, b = 0.75), with an inverted index built in memory.</summary>
public sealed class Bm25Index<TPassage>
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly List<(TPassage Passage, int Length)> _passages = [];
    private readonly Dictionary<string, List<(int Passage, int Count)>> _postings = new(StringComparer.Ordinal);
    private long _totalLength;

    public int Count => _passages.Count;

    public void Add(TPassage passage, string text)
    {
        var terms = TextTerms.Of(text);
        var id = _passages.Count;
        _passages.Add((passage, terms.Count));
        _totalLength += terms.Count;
        foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(group.Key, out var list))
            {
                _postings[group.Key] = list = [];
            }

            list.Add((id, group.Count()));
        }
    }

    public IReadOnlyList<(TPassage Passage, double Score)> Search(string query, int top)
    {
        if (_passages.Count == 0)
        {
            return [];
        }

        var averageLength = (double)_totalLength / _passages.Count;
        var scores = new Dictionary<int, double>();
        foreach (var term in TextTerms.Of(query).Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var idf = Math.Log(1 + (_passages.Count - postings.Count + 0.5) / (postings.Count + 0.5));
            foreach (var (passage, count) in postings)
            {
                var length = _passages[passage].Length;
                var tf = count * (K1 + 1) / (count + K1 * (1 - B + B * length / averageLength));
                scores[passage] = scores.GetValueOrDefault(passage) + idf * tf;
            }
        }

        return scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(top)
            .Select(s => (_passages[s.Key].Passage, s.Value)).ToList();
    }
}
