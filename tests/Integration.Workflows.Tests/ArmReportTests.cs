using Integration.Workflows.Runtime;
using Integration.Workflows.Activities.Models;
using Integration.Workflows.Activities;
using System.Text.Json.Nodes;
using Integration.Workflows.Approvals;
using Integration.Workflows.Experiments;
using Integration.Workflows.Feedback;

namespace Integration.Workflows.Tests;

/// <summary>An A/B experiment's arms, judged by how often the gate took their answers as they were.</summary>
public sealed class ArmReportTests
{
    private static FeedbackRecord Record(int i, string arm, bool accepted, double? cost = null) => new(
        $"task-{i}", $"instance-{i}", "triage", 1, "review", accepted ? ApprovalStatus.Approved : ApprovalStatus.Rejected, DecisionSource.Reviewer, ["rex"], null, null,
        null, null, Edited: false, EditDistance: 0, [],
        [new ModelStepRecord("draft", "llm.generate", "reply-drafter", arm, "1", [], new JsonObject { ["text"] = "…" }, 100, 40, 12.5, cost)],
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(60), 60);

    [Fact]
    public void Two_arms_that_differ_beyond_chance_with_enough_outcomes_stop_the_experiment_naming_the_winner()
    {
        var records = Enumerable.Range(0, 120).Select(i => Record(i, "concise", i % 10 < 8))
            .Concat(Enumerable.Range(200, 120).Select(i => Record(i, "detailed", i % 10 < 6))).ToList();

        var report = ArmReport.Of("triage", "draft", records);

        Assert.Equal(240, report.Outcomes);
        Assert.Equal([("concise", 96, 0.8), ("detailed", 72, 0.6)], report.Arms.Select(a => (a.Arm, a.AcceptedAsIs, a.AcceptedAsIsShare)));
        Assert.Equal((12.5, 140.0), (report.Arms[0].StepLatencyP50Ms, report.Arms[0].MeanTokens));
        var test = report.Test!;
        Assert.Equal(("concise", "detailed", -0.2), (test.A, test.B, test.Difference));
        Assert.Equal(-3.381, test.Z, 3); // pooled share 0.7: standard error sqrt(0.7 * 0.3 * 2 / 120)
        Assert.True(test.Significant && test.P < 0.001, $"p {test.P}");
        Assert.Equal("stop: concise is accepted more often", test.Decision);
    }

    [Fact]
    public void A_difference_seen_on_few_outcomes_does_not_stop_the_experiment_and_one_arm_is_no_experiment()
    {
        var few = Enumerable.Range(0, 30).Select(i => Record(i, "concise", i % 10 < 9)).Concat(Enumerable.Range(100, 30).Select(i => Record(i, "detailed", i % 10 < 5))).ToList();

        var early = ArmReport.Of("triage", "draft", few);
        var single = ArmReport.Of("triage", "draft", [.. few.Take(30)]);

        Assert.True(early.Test!.Significant);
        Assert.Equal("continue", early.Test.Decision);
        Assert.Null(single.Test);
        Assert.Empty(ArmReport.Of("triage", "classify", few).Arms);
    }

    [Fact]
    public void Each_arm_says_what_its_calls_cost_and_what_one_accepted_answer_costs()
    {
        // concise: 10 calls at 0.002, 8 accepted; detailed: 10 at 0.005, 5 accepted; unpriced: no cost known.
        var records = Enumerable.Range(0, 10).Select(i => Record(i, "concise", i < 8, 0.002))
            .Concat(Enumerable.Range(10, 10).Select(i => Record(i, "detailed", i < 15, 0.005)))
            .Concat(Enumerable.Range(20, 3).Select(i => Record(i, "unpriced", true))).ToList();

        var arms = ArmReport.Of("triage", "draft", records).Arms.ToDictionary(a => a.Arm);

        Assert.Equal((0.002, 0.0025), (arms["concise"].MeanCost, arms["concise"].CostPerAccepted));
        Assert.Equal((0.005, 0.01), (arms["detailed"].MeanCost, arms["detailed"].CostPerAccepted));
        Assert.Equal((null, null), (arms["unpriced"].MeanCost, arms["unpriced"].CostPerAccepted));
    }

    [Fact]
    public void A_model_steps_cost_is_read_from_its_typed_call_as_held_and_as_read_back_from_the_store()
    {
        var state = new Integration.Workflows.Runtime.InstanceState
        {
            Id = "i-1", DefinitionId = "triage", Version = 1,
            Journal =
            [
                new(1, DateTimeOffset.UnixEpoch, "classify", "llm.classify", JournalEvent.Started, Inputs: new JsonObject { ["model"] = "ticket-classifier", ["text"] = "late parcel" }),
                new(2, DateTimeOffset.UnixEpoch, "classify", "llm.classify", JournalEvent.Completed, Outputs: new JsonObject { ["label"] = "shipping" },
                    Call: new ModelCall("ticket-classifier", "ticket-classifier-v2", "rev-7", 3, 1, 0.0004m, null)),
            ],
        };
        var stored = System.Text.Json.JsonSerializer.Deserialize<Integration.Workflows.Runtime.InstanceState>(
            System.Text.Json.JsonSerializer.Serialize(state, System.Text.Json.JsonSerializerOptions.Web), System.Text.Json.JsonSerializerOptions.Web)!;

        foreach (var held in new[] { state, stored })
        {
            var step = Assert.Single(ModelSteps.Of(held, ActivityCatalog.Shipped));
            Assert.Equal((0.0004, "ticket-classifier", "ticket-classifier-v2", "rev-7", 3L, 1L), (step.Cost, step.Requested, step.Served, step.Revision, step.TokensIn, step.TokensOut));
        }
    }

    [Fact]
    public void The_normal_distribution_function_is_right_where_it_matters()
    {
        Assert.Equal(0.975, ArmReport.NormalCdf(1.959964), 5);
        Assert.Equal(0.5, ArmReport.NormalCdf(0), 6);
        Assert.Equal(0.0228, ArmReport.NormalCdf(-2), 4);
    }
}
