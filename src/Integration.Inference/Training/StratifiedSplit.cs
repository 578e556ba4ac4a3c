using Integration.Inference.Engine;

namespace Integration.Inference.Training;

/// <summary>Splits that keep each label's share the same in every part, shuffled with a fixed seed.</summary>
public static class StratifiedSplit
{
    public static (List<LabeledText> Train, List<LabeledText> Test) HoldOut(IReadOnlyList<LabeledText> examples, double testFraction, int seed)
    {
        var train = new List<LabeledText>();
        var test = new List<LabeledText>();
        foreach (var group in ByLabel(examples, seed))
        {
            var testCount = (int)Math.Round(group.Count * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(group.Take(testCount));
            train.AddRange(group.Skip(testCount));
        }

        return (train, test);
    }

    /// <summary>k folds; fold i is the test part of round i and the rest is its training part.</summary>
    public static List<List<LabeledText>> Folds(IReadOnlyList<LabeledText> examples, int k, int seed)
    {
        var folds = Enumerable.Range(0, k).Select(_ => new List<LabeledText>()).ToList();
        var next = 0;
        foreach (var group in ByLabel(examples, seed))
        {
            foreach (var example in group)
            {
                folds[next++ % k].Add(example);
            }
        }

        return folds;
    }

    private static IEnumerable<List<LabeledText>> ByLabel(IReadOnlyList<LabeledText> examples, int seed)
    {
        var random = new Random(seed);
        return examples.GroupBy(e => e.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(_ => random.Next()).ToList());
    }
}
