using System.Text;
using Integration.Inference.Datasets;
using Integration.Inference.Engine;

namespace Integration.Inference.Evaluation;

/// <param name="FlipRate">The share of items whose label changed from the one given to the clean text.</param>
public sealed record PerturbationResult(string Perturbation, double Accuracy, double FlipRate);

/// <param name="ConsistentShare">The share of paraphrase groups whose texts all got one label.</param>
/// <param name="Accuracy">The share of the groups' texts given the group's label.</param>
public sealed record ConsistencyResult(int Groups, int Texts, double ConsistentShare, double Accuracy);

/// <param name="Threshold">Below this confidence an answer counts as flagged: "not sure, a person should look".</param>
/// <param name="FlaggedShare">The share of off-topic texts flagged (higher is better).</param>
/// <param name="InDistributionFlaggedShare">The share of the dataset's own items flagged (the price of the threshold).</param>
/// <param name="Auroc">How well confidence alone separates off-topic from on-topic texts, whatever the threshold (0.5 is chance, 1 perfect).</param>
public sealed record OutOfDistributionResult(int Items, double Threshold, double FlaggedShare, double InDistributionFlaggedShare, double Auroc);

/// <summary>How a model behaves beyond its accuracy: under small changes to the text, across paraphrases, and on texts it was never meant for.</summary>
public sealed record Behaviour(IReadOnlyList<PerturbationResult> Robustness, ConsistencyResult? Consistency, OutOfDistributionResult OutOfDistribution)
{
    /// <summary>The mean accuracy over the perturbations: one figure for the promotion gate.</summary>
    public double RobustAccuracy => Robustness.Count == 0 ? 0 : Math.Round(Robustness.Average(r => r.Accuracy), 4);
}

/// <summary>
/// The behavioural checks of an evaluation: robustness (the items again with typos, in capitals, with greetings and
/// signatures around them, and cut to their first 60% of words), consistency over the shipped paraphrase groups, and
/// the out-of-distribution check over the shipped off-topic texts. Perturbations are seeded by item id, so two versions
/// are measured on the same perturbed texts.
/// </summary>
public static class BehaviourChecks
{
    public static readonly string[] Perturbations = ["typos", "casing", "noise", "truncation"];

    public static Behaviour Measure(Func<string, Classification> classify, IReadOnlyList<DatasetItem> items, IReadOnlyList<ItemOutcome> clean,
        IReadOnlyList<string> labels, ShippedData shipped, double threshold)
    {
        var predicted = clean.ToDictionary(o => o.Id, o => o.Predicted, StringComparer.Ordinal);
        var robustness = Perturbations.Select(name =>
        {
            var answers = items.Select(i => (Item: i, Label: classify(Perturb(name, i.Id, i.Text)).Label)).ToList();
            return new PerturbationResult(name, Share(answers, a => a.Label == a.Item.Label), Share(answers, a => a.Label != predicted[a.Item.Id]));
        }).ToList();

        // Groups of a label the model does not have would count against it for something it was never taught.
        var groups = shipped.ParaphraseGroups.Where(g => labels.Contains(g.Label)).ToList();
        ConsistencyResult? consistency = null;
        if (groups.Count > 0)
        {
            var answered = groups.Select(g => (g.Label, Answers: g.Texts.Select(t => classify(t).Label).ToList())).ToList();
            consistency = new ConsistencyResult(groups.Count, answered.Sum(g => g.Answers.Count),
                Share(answered, g => g.Answers.Distinct().Count() == 1),
                Share(answered.SelectMany(g => g.Answers.Select(a => a == g.Label)).ToList(), right => right));
        }

        var onTopic = clean.Select(o => o.Confidence).ToList();
        // Rounded as the items' outcomes are, so that equal confidences tie.
        var offTopic = shipped.OffTopic.Select(t => Math.Round(classify(t).Confidence, 4)).ToList();
        var outOfDistribution = new OutOfDistributionResult(offTopic.Count, threshold, Share(offTopic, c => c < threshold), Share(onTopic, c => c < threshold),
            Math.Round(EvaluationStatistics.Auroc(positives: offTopic.Select(c => 1 - c).ToList(), negatives: onTopic.Select(c => 1 - c).ToList()), 4));
        return new Behaviour(robustness, consistency, outOfDistribution);
    }

    /// <summary>A text as a customer might also have written it; the same id always gets the same change.</summary>
    public static string Perturb(string perturbation, string id, string text)
    {
        var random = new Random((int)StableHash.Of(perturbation + ":" + id));
        var words = text.Split(' ');
        return perturbation switch
        {
            // Two neighbouring letters swapped inside one word in six: the commonest typo.
            "typos" => string.Join(' ', words.Select(w => w.Length > 3 && random.NextDouble() < 1.0 / 6 ? Swap(w, random.Next(1, w.Length - 2)) : w)),
            "casing" => text.ToUpperInvariant(),
            "noise" => $"{Greetings[random.Next(Greetings.Length)]} {text} {SignOffs[random.Next(SignOffs.Length)]}",
            "truncation" => string.Join(' ', words.Take(Math.Max(3, (int)Math.Ceiling(words.Length * 0.6)))),
            _ => throw new ArgumentOutOfRangeException(nameof(perturbation), perturbation, "not a perturbation"),
        };
    }

    private static readonly string[] Greetings = ["Hi,", "Hello team,", "Good morning,", "Dear support,", "Hey there!"];

    private static readonly string[] SignOffs = ["Thanks!", "Sent from my phone.", "Kind regards", "Thanks in advance, have a nice day.", "Cheers"];

    private static string Swap(string word, int at)
    {
        var letters = new StringBuilder(word);
        (letters[at], letters[at + 1]) = (letters[at + 1], letters[at]);
        return letters.ToString();
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> test) => items.Count == 0 ? 0 : Math.Round((double)items.Count(test) / items.Count, 4);
}
