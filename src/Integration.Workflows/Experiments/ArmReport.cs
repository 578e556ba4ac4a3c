using Integration.Workflows.Approvals;
using Integration.Workflows.Feedback;

namespace Integration.Workflows.Experiments;

/// <summary>
/// An A/B experiment's outcomes, from the feedback records: the inference service's split answers each instance from one
/// arm (sticky by the instance id), the record says which, and the gate says how the answer fared.
/// </summary>
public static class ArmReport
{
    /// <summary>Stop once an arm is better beyond chance with this many outcomes in each, or call it even at the most.</summary>
    public const int MinimumPerArm = 100;
    public const int MaximumPerArm = 1_000;
    public const double Alpha = 0.05;

    public static string StopRule => $"stop when the accepted-as-is shares differ with p < {Alpha} and each arm has at least {MinimumPerArm} outcomes; " +
                                     $"stop without a winner once each arm has {MaximumPerArm}";

    public static ExperimentReport Of(string workflow, string step, IReadOnlyList<FeedbackRecord> records)
    {
        var judged = records.Where(r => r.Decision != ApprovalStatus.Pending)
            .Select(r => (Record: r, Step: r.Models.FirstOrDefault(m => m.Step == step)))
            .Where(x => x.Step?.Served is not null)
            .ToList();
        var arms = judged.GroupBy(x => x.Step!.Served!)
            .Select(g =>
            {
                var accepted = g.Count(x => x.Record.Decision is ApprovalStatus.Approved or ApprovalStatus.AutoApproved && !x.Record.Edited);
                var latencies = g.Select(x => x.Step!.DurationMs).OfType<double>().Order().ToList();
                var costs = g.Select(x => x.Step!.Cost).OfType<double>().ToList();
                return new ArmOutcomes(g.Key, g.Count(), accepted, Math.Round(accepted / (double)g.Count(), 4), Math.Round(g.Average(x => x.Record.EditDistance), 2),
                    Math.Round(g.Average(x => x.Record.TurnaroundSeconds), 2), latencies.Count == 0 ? null : Math.Round(latencies[latencies.Count / 2], 3),
                    Math.Round(g.Average(x => (double)(x.Step!.TokensIn + x.Step.TokensOut)), 1),
                    costs.Count == 0 ? null : Math.Round(costs.Average(), 6), costs.Count == 0 || accepted == 0 ? null : Math.Round(costs.Sum() / accepted, 6));
            })
            .OrderByDescending(a => a.Outcomes).ThenBy(a => a.Arm, StringComparer.Ordinal).ToList();
        return new ExperimentReport(workflow, step, judged.Count, arms, arms.Count >= 2 ? Test(arms[0], arms[1]) : null, StopRule);
    }

    private static ArmTest Test(ArmOutcomes a, ArmOutcomes b)
    {
        var pooled = (a.AcceptedAsIs + b.AcceptedAsIs) / (double)(a.Outcomes + b.Outcomes);
        var error = Math.Sqrt(pooled * (1 - pooled) * (1.0 / a.Outcomes + 1.0 / b.Outcomes));
        var difference = b.AcceptedAsIsShare - a.AcceptedAsIsShare;
        var z = error == 0 ? 0 : difference / error;
        var p = 2 * (1 - NormalCdf(Math.Abs(z)));
        var significant = p < Alpha;
        var enough = Math.Min(a.Outcomes, b.Outcomes);
        var decision = significant && enough >= MinimumPerArm ? $"stop: {(difference > 0 ? b.Arm : a.Arm)} is accepted more often"
            : enough >= MaximumPerArm ? "stop: no difference worth the wait"
            : "continue";
        return new ArmTest(a.Arm, b.Arm, Math.Round(difference, 4), Math.Round(z, 3), Math.Round(p, 6), significant, decision);
    }

    /// <summary>The standard normal distribution function (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
    public static double NormalCdf(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x) / Math.Sqrt(2));
        var erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x / 2);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
