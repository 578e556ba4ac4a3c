using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Instances;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// The approval policy the suite ships for the flagship, through the whole graph: a confident question the knowledge base
/// answers goes out without a person and counts as auto-resolved, and on the golden tickets the rules pass what their
/// comment says (the drafter's replies measured by the inference service, each case decided by the governance service).
/// </summary>
public sealed class ShippedPolicyTests(SuiteFixture suite)
{
    private const string Flagship = "zendesk-ticket-triage";
    private const string Rule = "confident-and-answered-by-the-knowledge-base";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_confident_shipping_question_is_answered_without_a_person_and_counts_as_auto_resolved()
    {
        var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        // No personal data and a fixed text: the serving classifier is sure enough of it (shipping, 0.60 on version 1).
        var ticket = await FlagshipTests.Invoke(connectors, "zendesk.ticket.create", new
        {
            subject = "Where is my parcel", body = "My package still has not arrived and the tracking page has shown no movement for a week. Where is it?",
        });
        var ticketId = ticket.GetProperty("ticket").GetProperty("id").GetInt64();
        var trigger = await FlagshipTests.WebhookEvent(suite, ticketId);
        var instanceId = InstanceIds.Of(Flagship, trigger["id"]!.GetValue<string>());

        var completed = await FlagshipTests.InstanceAt(suite, instanceId, "Completed");
        var gate = completed["steps"]!["review"]!;
        Assert.Equal("shipping", completed["steps"]!["classify"]!["label"]!.GetValue<string>());
        Assert.Equal("auto-approved", gate["decision"]!.GetValue<string>());
        Assert.Equal(["governance"], gate["decidedBy"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(Rule, gate["reason"]!.GetValue<string>());
        var reply = gate["output"]!["text"]!.GetValue<string>();
        Assert.Contains("[1]", reply); // grounded: it cites the knowledge base
        Assert.True(gate["output"]!["grounded"]!.GetValue<bool>());
        Assert.StartsWith("kb://support/", completed["steps"]!["draft"]!["citations"]![0]!["reference"]!.GetValue<string>());
        var comments = (await FlagshipTests.Invoke(connectors, "zendesk.ticket.comments", new { ticketId })).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("body").GetString()!).ToList();
        Assert.Single(comments, c => c == reply);

        // No reviewer ever had it; the business figures count it as resolved by the rules.
        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        Assert.DoesNotContain((await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel)).EnumerateArray(),
            t => t.GetProperty("instanceId").GetString() == instanceId);
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        var business = (await designer.GetFromJsonAsync<JsonElement>($"/v1/kpis/{Flagship}", Cancel)).GetProperty("business");
        Assert.True(business.GetProperty("autoResolutionRate").GetDouble() > 0, business.ToString());
    }

    [Fact]
    public async Task On_the_golden_tickets_the_rules_pass_grounded_on_topic_replies_the_classifier_got_right()
    {
        using var inference = suite.CreateHttpClient("inference", "dora", Roles.Designer);
        using var governance = suite.CreateHttpClient("governance", "ada", Roles.Admin);
        using var measured = await inference.PostAsJsonAsync("/v1/evaluations/drafters", new { model = "reply-drafter-concise" }, Cancel);
        var report = await measured.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(measured.IsSuccessStatusCode, report.ToString());

        // Each golden ticket put to the published rules as the flagship's gate puts it: the classifier's label and confidence.
        var passed = new List<JsonElement>();
        var outcomes = report.GetProperty("outcomes").EnumerateArray().ToList();
        foreach (var outcome in outcomes)
        {
            using var asked = await governance.PostAsJsonAsync("/v1/approvals/decide", new
            {
                workflow = Flagship,
                context = new
                {
                    confidence = outcome.GetProperty("classifierConfidence").GetDouble(), category = outcome.GetProperty("classifierLabel").GetString(),
                    grounded = outcome.GetProperty("grounded").GetBoolean(), findings = new { total = 0, pii = 0, injection = 0 },
                },
            }, Cancel);
            var decision = await asked.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.StartsWith($"{Flagship}@", decision.GetProperty("policy").GetString());
            if (decision.GetProperty("decision").GetString() == "auto-approve")
            {
                Assert.Equal(Rule, decision.GetProperty("rule").GetString());
                passed.Add(outcome);
            }
        }

        double Share(Func<JsonElement, bool> holds) => passed.Count(holds) / (double)passed.Count;
        var onTopic = Share(o => o.GetProperty("onTopic").GetBoolean());
        var right = Share(o => o.GetProperty("classifierLabel").GetString() == o.GetProperty("label").GetString());
        TestContext.Current.TestOutputHelper?.WriteLine($"The shipped rules on {report.GetProperty("dataset")} ({outcomes.Count} tickets): {passed.Count} auto-approved " +
            $"({passed.Count / (double)outcomes.Count:P1}), replies on topic {onTopic:P1}, classifier right {right:P1}; every ticket on topic: {report.GetProperty("onTopicShare").GetDouble():P1}");

        Assert.InRange(passed.Count / (double)outcomes.Count, 0.1, 0.6);
        Assert.All(passed, o => Assert.True(o.GetProperty("grounded").GetBoolean(), $"{o.GetProperty("id")} would go out without a grounded reply"));
        Assert.True(onTopic >= 0.9, $"replies on topic {onTopic:P1}");
        Assert.True(right >= 0.9, $"classifier right {right:P1}");
        Assert.True(onTopic > report.GetProperty("onTopicShare").GetDouble(), "the rules pass better replies than the drafter writes on average");
    }
}
