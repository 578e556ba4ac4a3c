using Integration.Inference.Datasets;
using Integration.Inference.Engine;
using Integration.Inference.Evaluation;

namespace Integration.Inference.Tests;

public sealed class BehaviourChecksTests
{
    private static readonly ShippedData Shipped = ShippedData.Load();

    [Fact]
    public void Perturbations_are_the_same_for_the_same_item_and_change_what_they_say_they_change()
    {
        const string text = "My parcel never arrived and the tracking page has not changed since Monday morning";

        Assert.Equal(BehaviourChecks.Perturb("typos", "a", text), BehaviourChecks.Perturb("typos", "a", text));
        Assert.Equal(text.ToUpperInvariant(), BehaviourChecks.Perturb("casing", "a", text));
        Assert.Contains(text, BehaviourChecks.Perturb("noise", "a", text));
        Assert.Equal(9, BehaviourChecks.Perturb("truncation", "a", text).Split(' ').Length); // 60% of 15 words
        // Typos keep the length and the letters, only their order changes.
        var typos = Enumerable.Range(0, 20).Select(i => BehaviourChecks.Perturb("typos", $"item-{i}", text)).ToList();
        Assert.Contains(typos, t => t != text);
        Assert.All(typos, t => Assert.Equal(text.Order(), t.Order()));
    }

    [Fact]
    public void A_classifier_thrown_by_capitals_shows_it_in_the_casing_flip_rate_only()
    {
        var items = Enumerable.Range(0, 10).Select(i => new DatasetItem($"i{i}", $"ticket number {i} about a parcel", "shipping", "test")).ToList();
        Classification Classify(string text) => new(text == text.ToUpperInvariant() ? "billing" : "shipping", 0.9f, new Dictionary<string, float>());
        var clean = items.Select(i => new ItemOutcome(i.Id, i.Label, Classify(i.Text).Label, 0.9)).ToList();

        var behaviour = BehaviourChecks.Measure(Classify, items, clean, ["shipping", "billing"], Shipped, threshold: 0.5);

        var byName = behaviour.Robustness.ToDictionary(r => r.Perturbation);
        Assert.Equal((0.0, 1.0), (byName["casing"].Accuracy, byName["casing"].FlipRate));
        Assert.All(behaviour.Robustness.Where(r => r.Perturbation != "casing"), r => Assert.Equal((1.0, 0.0), (r.Accuracy, r.FlipRate)));
        Assert.Equal(0.75, behaviour.RobustAccuracy);
        // Only the groups of labels it has count; the same answer everywhere is consistent, right for the shipping groups only.
        Assert.Equal(4, behaviour.Consistency!.Groups);
        Assert.Equal(1.0, behaviour.Consistency.ConsistentShare);
        // Sure of everything: nothing is flagged, and confidence separates nothing.
        Assert.Equal((0.0, 0.0, 0.5), (behaviour.OutOfDistribution.FlaggedShare, behaviour.OutOfDistribution.InDistributionFlaggedShare, behaviour.OutOfDistribution.Auroc));
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.8 }, new[] { 0.1, 0.2 }, 1.0)]
    [InlineData(new[] { 0.1, 0.2 }, new[] { 0.9, 0.8 }, 0.0)]
    [InlineData(new[] { 0.5, 0.5 }, new[] { 0.5, 0.5 }, 0.5)]
    [InlineData(new[] { 0.9, 0.3 }, new[] { 0.5, 0.1 }, 0.75)]
    public void The_area_under_the_roc_curve_is_the_chance_a_positive_outscores_a_negative(double[] positives, double[] negatives, double expected) =>
        Assert.Equal(expected, EvaluationStatistics.Auroc(positives, negatives), 6);
}
